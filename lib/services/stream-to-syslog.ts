import "server-only";
import { connect, type ConnectionOptions } from "node:tls";
import type { Database } from "@/db/client";
import { syslogFrame } from "@/lib/domain/webhooks/syslog-message";
import { streamSealedEvents } from "./stream-sealed-events";

/** Names the syslog sink's cursor. */
export const syslogSinkName = (url: string) => `syslog ${new URL(url).host}`;

/**
 * The SIEM stream as RFC 5424 syslog over TLS (RFC 5425, `syslog+tls://host:6514`): one connection a
 * batch, one octet-counted message an event, in seq order; the cursor moves once every message was
 * written and the connection closed cleanly. Syslog has no acknowledgement, so this is as sure as TCP
 * is; a batch cut off is sent again whole (receivers dedupe by the seq in the structured data). The
 * server's certificate is checked against the system's CAs (NODE_EXTRA_CA_CERTS adds one) unless `tls`
 * says otherwise. Returns how many were sent.
 */
export async function streamToSyslog(
  db: Database,
  url: string,
  { hostname, batchSize = 500, timeoutMs = 10_000, tls = {} }: { hostname: string; batchSize?: number; timeoutMs?: number; tls?: ConnectionOptions },
): Promise<number> {
  const target = new URL(url);
  if (target.protocol !== "syslog+tls:") throw new Error("SIEM_SYSLOG_URL must be syslog+tls://host:port");
  return streamSealedEvents(
    db,
    syslogSinkName(url),
    (records) =>
      new Promise<void>((resolve, reject) => {
        const socket = connect({ host: target.hostname, port: Number(target.port || 6514), servername: target.hostname, ...tls }, () => {
          socket.end(records.map((record) => syslogFrame(record, hostname)).join(""));
        });
        socket.setTimeout(timeoutMs, () => socket.destroy(new Error("the syslog receiver timed out")));
        socket.on("error", (error) => reject(new Error(`the syslog receiver could not be reached (${(error as NodeJS.ErrnoException).code ?? error.message})`)));
        socket.on("close", (hadError) => (hadError ? undefined : resolve()));
      }),
    batchSize,
  );
}
