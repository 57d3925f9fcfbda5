import { randomBytes } from "node:crypto";
import { parseCustomFieldsSetting, parseCustomPatternsSetting } from "@/lib/config";
import { createMasker, type Masker } from "@/lib/domain/masking";
import { currentRequestId } from "./request-context";
import { formatLogLine, type LogLevel } from "./sanitize";

export type { LogLevel } from "./sanitize";

/**
 * The one logger of the console, the worker, the launcher and the CLI: a JSON line per record
 * (`time`, `level`, `msg`, `requestId` while a request is served, then fields), every one of them
 * passed through the sanitiser. LOG_LEVEL (debug, info, warn, error; default info) sets the floor.
 */

const SEVERITY: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const LOG_LEVELS = Object.keys(SEVERITY) as LogLevel[];

let write: (line: string) => void = (line) => process.stdout.write(`${line}\n`);
let cachedMasker: { key: string | undefined; masker: Masker } | undefined;

/** Where lines go: standard output unless told otherwise (the CLI keeps its stdout for results; the launcher also appends to a file). */
export function configureLogger(options: { write: (line: string) => void }): void {
  write = options.write;
}

function floor(): number {
  const name = process.env.LOG_LEVEL?.trim().toLowerCase() as LogLevel | undefined;
  return (name && SEVERITY[name]) || SEVERITY.info;
}

/**
 * Keyed like the console's masker (MASKING_KEY), so a fingerprint in a log matches the same value's
 * on a page; a process that has no key yet (the launcher before it loads its secrets) uses its own.
 */
function logMasker(): Masker {
  const key = process.env.MASKING_KEY;
  if (!cachedMasker || cachedMasker.key !== key) {
    let customPatterns: ReturnType<typeof parseCustomPatternsSetting> = [];
    let customFields: ReturnType<typeof parseCustomFieldsSetting> = [];
    try {
      customPatterns = parseCustomPatternsSetting(process.env.MASKING_CUSTOM_PATTERNS);
    } catch {
      // A bad setting is reported where it is used (the launcher refuses to start); built-in detectors still run here.
    }
    try {
      customFields = parseCustomFieldsSetting(process.env.MASKING_CUSTOM_FIELDS);
    } catch {
      // As above.
    }
    const masker = (() => {
      try {
        return createMasker({ key: key && key.length >= 32 ? key : randomBytes(32).toString("hex"), customPatterns, customFields });
      } catch {
        return createMasker({ key: randomBytes(32).toString("hex"), customPatterns: [] });
      }
    })();
    cachedMasker = { key, masker };
  }
  return cachedMasker.masker;
}

function emit(level: LogLevel, msg: string, fields?: Record<string, unknown>): void {
  if (SEVERITY[level] < floor()) return;
  const { requestId = currentRequestId(), ...rest } = fields ?? {};
  write(formatLogLine({ time: new Date().toISOString(), level, msg, requestId: typeof requestId === "string" ? requestId : undefined, fields: rest }, logMasker()));
}

export const log = {
  debug: (msg: string, fields?: Record<string, unknown>) => emit("debug", msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => emit("info", msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => emit("warn", msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => emit("error", msg, fields),
};

/**
 * A line another process printed (the console and worker under the launcher): our own records keep
 * their time, level and fields, anything else becomes a record of `level`. Sanitised again either
 * way, so even output that bypassed the child's logger (a library writing to stdout itself) is clean.
 */
export function relayLine(line: string, level: LogLevel, fields: Record<string, unknown> = {}): void {
  const record = parseRecord(line);
  if (!record) return emit(level, line, fields);
  const { time, level: ownLevel, msg, requestId, ...rest } = record;
  write(formatLogLine({ time, level: ownLevel, msg, requestId: typeof requestId === "string" ? requestId : undefined, fields: rest }, logMasker()));
}

function parseRecord(line: string): { time: string; level: LogLevel; msg: string; [field: string]: unknown } | null {
  if (!line.startsWith("{")) return null;
  try {
    const value = JSON.parse(line) as Record<string, unknown>;
    const ok = typeof value.time === "string" && typeof value.msg === "string" && LOG_LEVELS.includes(value.level as LogLevel);
    return ok ? (value as { time: string; level: LogLevel; msg: string }) : null;
  } catch {
    return null;
  }
}
