import { describe, expect, it } from "vitest";
import { syslogFrame } from "./syslog-message";

describe("RFC 5424 syslog frames", () => {
  it("octet-counts an audit message with the event's type, seq and leaf hash, and its JSON as MSG", () => {
    const record = {
      seq: 7,
      leafHash: "ab".repeat(32),
      event: { id: 9, type: "request.created", streamType: "request", streamId: "r", actor: { kind: "agent" as const, id: "a", auth: "api-key" }, data: { summary: "é" }, correlationId: "c", occurredAt: "2026-12-01T12:00:00.000Z" },
    };
    const frame = syslogFrame(record, "countersign.example.com");
    const [length, ...rest] = frame.split(" ");
    const message = rest.join(" ");
    expect(Number(length)).toBe(Buffer.byteLength(message, "utf8"));
    expect(message).toBe(`<110>1 2026-12-01T12:00:00.000Z countersign.example.com countersign - request.created [countersign@32473 seq="7" leafHash="${"ab".repeat(32)}"] \ufeff${JSON.stringify(record)}`);
  });
});
