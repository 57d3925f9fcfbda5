import "server-only";
import type { Database } from "@/db/client";
import type { Config } from "@/lib/config";
import { siemAuthorization, siemBody, SIEM_CONTENT_TYPE } from "@/lib/domain/webhooks/siem-body";
import { streamSealedEvents } from "./stream-sealed-events";

/** Names a sink's cursor by its origin: its path or query may hold a token. */
export const siemSinkName = (url: string) => `siem ${new URL(url).origin}`;

/**
 * The SIEM stream over HTTPS: the next batch of sealed events POSTed as one NDJSON body in the
 * configured shape; the cursor moves only on a 2xx. Returns how many were sent.
 */
export async function streamToSiem(db: Database, siem: Pick<Config["siem"], "format" | "token" | "elasticIndex"> & { url: string }, { batchSize = 500, timeoutMs = 10_000, signal }: { batchSize?: number; timeoutMs?: number; signal?: AbortSignal } = {}): Promise<number> {
  return streamSealedEvents(
    db,
    siemSinkName(siem.url),
    async (records, afterSeq) => {
      const response = await fetch(siem.url, {
        method: "POST",
        headers: { "content-type": SIEM_CONTENT_TYPE[siem.format], ...(siem.token && { authorization: siemAuthorization(siem.format, siem.token) }) },
        body: siemBody(records, siem.format, siem.elasticIndex),
        redirect: "manual",
        signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel();
      // The status only: a receiver's error body may echo the token or the batch.
      if (!response.ok) throw new Error(`the SIEM answered ${response.status}; the batch after seq ${afterSeq} will be sent again`);
    },
    batchSize,
  );
}
