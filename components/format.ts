/** Display helpers for client components. Pure: callers pass `now`, so one clock tick drives a whole view. */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A date and time in the viewer's locale and time zone, e.g. "21 Nov 2026, 10:50". */
export function formatDateTime(iso: string, options: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" }): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, options);
}

/** "5 minutes ago", "in 2 hours", "yesterday", in the viewer's locale. */
export function formatRelative(iso: string, now: number): string {
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return iso;
  const diff = then - now;
  const abs = Math.abs(diff);
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  if (abs < 45_000) return diff < 0 ? "just now" : "in a few seconds";
  if (abs < HOUR) return rtf.format(Math.round(diff / MINUTE), "minute");
  if (abs < DAY) return rtf.format(Math.round(diff / HOUR), "hour");
  if (abs < 30 * DAY) return rtf.format(Math.round(diff / DAY), "day");
  return formatDateTime(iso, { dateStyle: "medium" });
}

/** Time remaining, compactly: "42m", "3h 10m", "2d 4h". */
export function formatDuration(ms: number): string {
  if (ms <= 0) return "0m";
  if (ms < MINUTE) return "<1m";
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)}m`;
  if (ms < DAY) {
    const h = Math.floor(ms / HOUR);
    const m = Math.floor((ms % HOUR) / MINUTE);
    return m ? `${h}h ${m}m` : `${h}h`;
  }
  const d = Math.floor(ms / DAY);
  const h = Math.floor((ms % DAY) / HOUR);
  return h ? `${d}d ${h}h` : `${d}d`;
}

/** How urgent a deadline is, for colouring. */
export function urgency(msLeft: number): "expired" | "soon" | "normal" {
  if (msLeft <= 0) return "expired";
  if (msLeft < 15 * MINUTE) return "soon";
  return "normal";
}

export function pluralize(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/** `sha256:abcdef…` shortened for tight spaces; the full value stays in the title. */
export function shortHash(hash: string, keep = 12): string {
  const [prefix, hex] = hash.includes(":") ? (hash.split(":", 2) as [string, string]) : ["", hash];
  const short = hex.length > keep ? `${hex.slice(0, keep)}…` : hex;
  return prefix ? `${prefix}:${short}` : short;
}

/** Who froze approvals, as people read it: an operator's CLI has no email. */
export const frozenByText = (frozenBy: string) => (frozenBy === "cli" ? "an operator (CLI)" : frozenBy);
