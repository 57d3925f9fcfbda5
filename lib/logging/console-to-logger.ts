import { log } from "./logger";

/**
 * Sends everything printed through `console` (Next.js's own messages, React's, Auth.js's, the dev
 * identity provider's, any library's) to the logger, so it is structured and sanitised like our own
 * lines. Strings make the message; the first error and any other values become fields.
 */
const LEVEL_OF = { debug: "debug", trace: "debug", log: "info", info: "info", warn: "warn", error: "error" } as const;
const routed = Symbol.for("countersign.console-routed");

export function routeConsoleToLogger(source: string): void {
  const flags = globalThis as unknown as Record<symbol, boolean | undefined>;
  if (flags[routed]) return;
  flags[routed] = true;
  for (const [method, level] of Object.entries(LEVEL_OF)) {
    (console as unknown as Record<string, (...args: unknown[]) => void>)[method] = (...args: unknown[]) => log[level](...toRecord(args, source));
  }
}

function toRecord(args: unknown[], source: string): [string, Record<string, unknown>] {
  const words = args.filter((arg) => typeof arg !== "object" && typeof arg !== "function").map(String);
  const error = args.find((arg): arg is Error => arg instanceof Error);
  const values = args.filter((arg) => arg !== error && typeof arg === "object" && arg !== null);
  const text = words.join(" ").trim();
  // Next.js prints a failed render as `console.error("⨯", error)`: the message names the error too.
  const msg = error && !text.includes(error.message) ? `${text} ${error.name}: ${error.message}`.trim() : text;
  return [msg, { source, ...(error && { error }), ...(values.length > 0 && { values }) }];
}
