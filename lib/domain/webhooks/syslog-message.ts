import type { SiemRecord } from "./siem-body";

/** facility 13 (log audit) × 8 + severity 6 (informational). */
const PRI = 13 * 8 + 6;
/** RFC 5612's enterprise number for documentation: the SD-ID names our parameters without a registration of our own. */
const SD_ID = "countersign@32473";

/**
 * One sealed event as an RFC 5424 syslog message: `<110>1 TIMESTAMP HOSTNAME countersign - MSGID
 * [countersign@32473 seq="…" leafHash="…"] BOM{"seq","leafHash","event"}`, the event's type as MSGID
 * (printable ASCII, at most 32 characters) and its JSON as the UTF-8 MSG; framed for TLS transport by
 * octet counting (RFC 5425: the message's length in bytes, a space, the message).
 */
export function syslogFrame(record: SiemRecord, hostname: string): string {
  const msgId = record.event.type.replace(/[^\x21-\x7e]/g, "_").slice(0, 32) || "-";
  const host = hostname.replace(/[^\x21-\x7e]/g, "_").slice(0, 255) || "-";
  const message = `<${PRI}>1 ${record.event.occurredAt} ${host} countersign - ${msgId} [${SD_ID} seq="${record.seq}" leafHash="${record.leafHash}"] \ufeff${JSON.stringify(record)}`;
  return `${Buffer.byteLength(message, "utf8")} ${message}`;
}
