import { z } from "zod";
import { MAX_QUEUE_SEARCH_LENGTH, QUEUE_AGES, QUEUE_FILTERS, type QueueAge } from "@/lib/domain/queue-search";
import { RISK_LEVELS } from "@/lib/domain/request/assess-risk";
import { REQUEST_STATUSES } from "@/lib/domain/request-status";

const text = z.string().max(MAX_QUEUE_SEARCH_LENGTH).optional();

/** A queue view's tab and search as the console API takes them in the query string (the page and its counts alike). */
export const ZQueueViewQuery = z.object({
  filter: z.enum(QUEUE_FILTERS).default("pending"),
  q: text,
  agent: text,
  action: text,
  resource: text,
  environment: text,
  rule: text,
  status: z.enum(REQUEST_STATUSES).optional(),
  risk: z.enum(RISK_LEVELS).optional(),
  age: z.enum(Object.keys(QUEUE_AGES) as [QueueAge, ...QueueAge[]]).optional(),
});
