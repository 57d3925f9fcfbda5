import { z } from "zod";
import { encodeQueueCursor, ZQueueCursor } from "@/lib/http/queue-cursor";
import { readQuery } from "@/lib/http/read-request-parts";
import { withUser } from "@/lib/http/with-user";
import { listQueue, QUEUE_PAGE_SIZE } from "@/lib/services/list-queue";
import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { MAX_QUEUE_SEARCH_LENGTH, QUEUE_AGES, QUEUE_FILTERS, QUEUE_SORTS, type QueueAge } from "@/lib/domain/queue-search";
import { RISK_LEVELS } from "@/lib/domain/request/assess-risk";
import { REQUEST_STATUSES } from "@/lib/domain/request-status";

const text = z.string().max(MAX_QUEUE_SEARCH_LENGTH).optional();

const ZQueueQuery = z.object({
  filter: z.enum(QUEUE_FILTERS).default("pending"),
  sort: z.enum(QUEUE_SORTS).optional(),
  q: text,
  agent: text,
  action: text,
  resource: text,
  environment: text,
  rule: text,
  status: z.enum(REQUEST_STATUSES).optional(),
  risk: z.enum(RISK_LEVELS).optional(),
  age: z.enum(Object.keys(QUEUE_AGES) as [QueueAge, ...QueueAge[]]).optional(),
  cursor: ZQueueCursor.optional(),
  limit: z.coerce.number().int().min(1).max(QUEUE_PAGE_SIZE * 4).optional(),
});

export const GET = withUser(async ({ request, user, db }) => {
  const { filter, sort, cursor, limit, ...search } = readQuery(request, ZQueueQuery);
  const page = await listQueue(db, user, { filter, search, sort, after: cursor, limit });
  return Response.json(
    { items: page.items, nextCursor: page.next && encodeQueueCursor(page.next), total: page.total, counts: page.counts },
    { headers: { "cache-control": "no-store" } },
  );
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("GET");
