import { z } from "zod";
import { encodeQueueCursor, ZQueueCursor } from "@/lib/http/queue-cursor";
import { ZQueueViewQuery } from "@/lib/http/queue-query";
import { readQuery } from "@/lib/http/read-request-parts";
import { withUser } from "@/lib/http/with-user";
import { listQueue, QUEUE_PAGE_SIZE } from "@/lib/services/list-queue";
import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { QUEUE_SORTS } from "@/lib/domain/queue-search";

const ZQueueQuery = ZQueueViewQuery.extend({
  sort: z.enum(QUEUE_SORTS).optional(),
  cursor: ZQueueCursor.optional(),
  limit: z.coerce.number().int().min(1).max(QUEUE_PAGE_SIZE * 4).optional(),
});

export const GET = withUser(async ({ request, user, db }) => {
  const { filter, sort, cursor, limit, ...search } = readQuery(request, ZQueueQuery);
  const page = await listQueue(db, user, { filter, search, sort, after: cursor, limit });
  return Response.json(
    { items: page.items, nextCursor: page.next && encodeQueueCursor(page.next), total: page.total },
    { headers: { "cache-control": "no-store" } },
  );
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("GET");
