import type { HashableEvent } from "../event-chain";

export type SiemFormat = "ndjson" | "splunk-hec" | "elastic-bulk";

/** One sealed event as the SIEM stream sends it: the event exactly as hashed, its seq and its Merkle leaf hash. */
export type SiemRecord = { seq: number; leafHash: string; event: HashableEvent };

/**
 * A batch as one request body, one JSON document a line, in the shape the receiver ingests:
 * plain NDJSON (`{seq, leafHash, event}` a line); Splunk's HTTP Event Collector (`/services/collector/event`:
 * one `{time, source, sourcetype, event}` object a line); or Elasticsearch's `_bulk` API (an `index`
 * action, with the seq as `_id` so a batch sent twice is stored once, then the document). Every line
 * ends with a newline, as `_bulk` requires.
 */
export function siemBody(records: readonly SiemRecord[], format: SiemFormat, elasticIndex: string): string {
  const lines = records.flatMap((record): object[] => {
    switch (format) {
      case "ndjson":
        return [record];
      case "splunk-hec":
        return [{ time: Date.parse(record.event.occurredAt) / 1000, source: "countersign", sourcetype: "countersign:event", event: record }];
      case "elastic-bulk":
        return [{ index: { _index: elasticIndex, _id: String(record.seq) } }, { "@timestamp": record.event.occurredAt, ...record }];
    }
  });
  return lines.map((line) => `${JSON.stringify(line)}\n`).join("");
}

export const SIEM_CONTENT_TYPE: Record<SiemFormat, string> = { ndjson: "application/x-ndjson", "splunk-hec": "application/json", "elastic-bulk": "application/x-ndjson" };

/** The Authorization header each receiver expects for a token. */
export function siemAuthorization(format: SiemFormat, token: string): string {
  return format === "splunk-hec" ? `Splunk ${token}` : format === "elastic-bulk" ? `ApiKey ${token}` : `Bearer ${token}`;
}
