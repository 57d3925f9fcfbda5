import { readdirSync } from "node:fs";
import path from "node:path";

/** The app directory, whose route.ts files are the route table. */
export const APP_DIR = path.resolve(import.meta.dirname, "../app");

/** Every route file under app/api and app/.well-known, relative to app/: a route added later is found too. */
export function apiRouteFiles(): string[] {
  return readdirSync(APP_DIR, { recursive: true, encoding: "utf8" })
    .filter((file) => path.basename(file) === "route.ts" && /^(api|\.well-known)\//.test(file))
    .sort();
}

export type SampledRoute = { path: string; params: Record<string, string | string[]>; dynamic: boolean };

/**
 * A route file's URL path with a sample value in each dynamic segment (a well-formed uuid, or two
 * segments for a catch-all), the params Next would pass, and a function placing `segment` where the
 * first dynamic segment is (for malformed values), or appended when there is none.
 */
export function sampleRoute(file: string): SampledRoute & { withSegment: (segment: string) => string } {
  const params: Record<string, string | string[]> = {};
  const parts = path.dirname(file).split("/");
  const dynamicAt = parts.findIndex((part) => part.startsWith("["));
  const sampled = parts.map((part) => {
    const match = /^\[{1,2}(\.\.\.)?(\w+)\]{1,2}$/.exec(part);
    if (!match) return part;
    const value = match[1] ? ["no-such", "thing"] : "00000000-0000-4000-8000-000000000000";
    params[match[2]!] = value;
    return Array.isArray(value) ? value.join("/") : value;
  });
  const withSegment = (segment: string) =>
    dynamicAt === -1 ? `/${[...sampled, segment].join("/")}` : `/${sampled.map((part, i) => (i === dynamicAt ? segment : part)).join("/")}`;
  return { path: `/${sampled.join("/")}`, params, dynamic: dynamicAt !== -1, withSegment };
}
