import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { withLogReader } from "@/lib/http/with-log-reader";
import { readLatestCheckpoint } from "@/lib/services/read-log-proofs";

export const GET = withLogReader(async ({ db }) => {
  const { note } = await readLatestCheckpoint(db);
  // A newer one is published every few seconds while the log grows.
  return new Response(note, { headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("GET");
