import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { ZQueueViewQuery } from "@/lib/http/queue-query";
import { readQuery } from "@/lib/http/read-request-parts";
import { withUser } from "@/lib/http/with-user";
import { countQueue } from "@/lib/services/count-queue";

/** How many requests each tab and risk level hold under a search: the queue's facet counts. */
export const GET = withUser(async ({ request, user, db }) => {
  const { filter, ...search } = readQuery(request, ZQueueViewQuery);
  return Response.json(await countQueue(db, user, { filter, search }), { headers: { "cache-control": "no-store" } });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("GET");
