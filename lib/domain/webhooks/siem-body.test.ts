import { describe, expect, it } from "vitest";
import type { HashableEvent } from "../event-chain";
import { siemAuthorization, siemBody, type SiemRecord } from "./siem-body";

const event = (id: number): HashableEvent => ({
  id,
  type: "request.created",
  streamType: "request",
  streamId: `r${id}`,
  actor: { kind: "agent", id: "a1", auth: "api-key" },
  data: { summary: "s" },
  correlationId: "c",
  occurredAt: "2026-12-01T12:00:00.000Z",
});
const records: SiemRecord[] = [1, 2].map((seq) => ({ seq, leafHash: "ab".repeat(32), event: event(seq + 10) }));
const lines = (body: string) => {
  expect(body.endsWith("\n")).toBe(true);
  return body.trimEnd().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
};

describe("SIEM bodies", () => {
  it("plain NDJSON: one {seq, leafHash, event} a line, in order", () => {
    expect(lines(siemBody(records, "ndjson", "x"))).toEqual(records);
  });

  it("Splunk HEC: one event object a line, timed by the event", () => {
    expect(lines(siemBody(records, "splunk-hec", "x"))).toEqual(records.map((record) => ({ time: 1796126400, source: "countersign", sourcetype: "countersign:event", event: record })));
    expect(siemAuthorization("splunk-hec", "t")).toBe("Splunk t");
  });

  it("Elastic _bulk: an index action keyed by seq before each document, so a resent batch is stored once", () => {
    const [action, document, second] = lines(siemBody(records, "elastic-bulk", "countersign-events"));
    expect(action).toEqual({ index: { _index: "countersign-events", _id: "1" } });
    expect(document).toEqual({ "@timestamp": "2026-12-01T12:00:00.000Z", ...records[0] });
    expect(second).toEqual({ index: { _index: "countersign-events", _id: "2" } });
    expect(siemAuthorization("elastic-bulk", "t")).toBe("ApiKey t");
  });
});
