import type { Masker } from "@/lib/domain/masking";

/**
 * The one sanitiser every log line passes through, whichever library printed it. Query parameters
 * never survive: drizzle writes them on a `params:` line of its message (and so of its stack),
 * postgres.js keeps them on an error's `parameters` and `args`, PostgreSQL quotes row values in
 * `detail` ("Key (session_token)=(…)"). They are dropped by where they sit, not recognised: a
 * session token is a random UUID that no detector could tell from an id. Whatever is left is then
 * masked exactly as anything a person will see. Pure: the caller supplies the masker.
 */

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogRecord = { time: string; level: LogLevel; msg: string; requestId?: string; fields?: Record<string, unknown> };

export const DROPPED = "[dropped]";
/** Keys whose values are query parameters or row values, wherever they appear in a logged object. */
const DROPPED_KEYS = new Set(["params", "parameters", "args", "detail"]);
/** From a `params:` line up to the next stack frame or the end: drizzle's parameters, however many lines they take. */
const PARAMETER_LINES = /^([ \t]*)(params|parameters):[^\n]*(?:\n(?![ \t]+at )[^\n]*)*/gm;
const ANSI_ESCAPES = /\x1b\[[0-9;]*[A-Za-z]/g;
const MAX_DEPTH = 8;
const MAX_ENTRIES = 100;
const MAX_TEXT = 16_384;

/** One JSON line: `time`, `level`, `msg`, `requestId` when there is one, then the record's fields. */
export function formatLogLine(record: LogRecord, masker: Masker): string {
  const fields = record.fields ? (sanitizeLogValue(record.fields, masker) as Record<string, unknown>) : {};
  return JSON.stringify({
    ...fields,
    time: record.time,
    level: record.level,
    msg: sanitizeLogText(record.msg, masker),
    ...(record.requestId && { requestId: sanitizeLogText(record.requestId, masker) }),
  });
}

export function sanitizeLogText(text: string, masker: Masker): string {
  const masked = masker.maskText(text.replace(ANSI_ESCAPES, "").replace(PARAMETER_LINES, `$1$2: ${DROPPED}`)).text;
  // Cut after masking, so a secret is never cut into pieces that no detector recognises.
  return masked.length > MAX_TEXT ? `${masked.slice(0, MAX_TEXT)}…[truncated]` : masked;
}

/** Any value as JSON-safe data: errors as their name, message, stack, code and cause; parameters dropped; every string sanitised. */
function sanitizeLogValue(value: unknown, masker: Masker, depth = 0, ancestors = new Set<object>()): unknown {
  if (typeof value === "string") return sanitizeLogText(value, masker);
  if (value === null || typeof value === "number" || typeof value === "boolean" || value === undefined) return value;
  if (typeof value === "bigint") return value.toString();
  if (typeof value !== "object") return `[${typeof value}]`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
  if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  if (ancestors.has(value)) return "[circular]";
  if (depth >= MAX_DEPTH) return "[nested too deep]";
  ancestors.add(value);
  try {
    const walk = (inner: unknown) => sanitizeLogValue(inner, masker, depth + 1, ancestors);
    if (Array.isArray(value)) return value.slice(0, MAX_ENTRIES).map(walk);
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value).slice(0, MAX_ENTRIES)) {
      if (!DROPPED_KEYS.has(key)) out[key] = walk(inner);
    }
    if (value instanceof Error) {
      // What Error keeps non-enumerable (drizzle and Auth.js set `cause` as an own field, too).
      out.name = walk(value.name);
      out.message = walk(value.message);
      if (value.stack) out.stack = walk(value.stack);
      if (value.cause !== undefined) out.cause = walk(value.cause);
    }
    return out;
  } finally {
    ancestors.delete(value);
  }
}
