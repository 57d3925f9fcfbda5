import { readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "./test-database";

/**
 * Walks the route table (every route.ts under app/api and app/.well-known), so a route added later
 * is held to the same rules: it exports every method, so Next's own bodiless 405 never answers;
 * OPTIONS names only what it serves; every other method is a problem+json 405 naming the same.
 * What only the HTTP server shows (HEAD, TRACE, malformed paths) is walked in e2e/api-edges.spec.ts.
 */
const APP = path.resolve(import.meta.dirname, "../../app");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response> | Response;

function routeFiles(): string[] {
  return readdirSync(APP, { recursive: true, encoding: "utf8" })
    .filter((file) => path.basename(file) === "route.ts" && /^(api|\.well-known)\//.test(file))
    .sort();
}

/** The URL path of a route file with a sample value for each dynamic segment, and those values as params. */
function sample(file: string) {
  const params: Record<string, string | string[]> = {};
  const segments = path.dirname(file).split("/").map((segment) => {
    const match = /^\[{1,2}(\.\.\.)?(\w+)\]{1,2}$/.exec(segment);
    if (!match) return segment;
    params[match[2]!] = match[1] ? ["no-such", "thing"] : "00000000-0000-4000-8000-000000000000";
    return match[1] ? "no-such/thing" : params[match[2]!];
  });
  return { url: `http://localhost:3999/${segments.join("/")}`, params };
}

beforeAll(async () => {
  await useTestDatabase();
});

describe("every API route", () => {
  const files = routeFiles();

  it("is found by the walk", () => {
    expect(files).toEqual(expect.arrayContaining(["api/health/route.ts", ".well-known/jwks.json/route.ts", "api/auth/[...nextauth]/route.ts", "api/[[...path]]/route.ts"]));
  });

  it.each(files)("%s exports every method and refuses those it does not serve with a problem+json 405", async (file) => {
    const route = (await import(path.join(APP, file))) as Partial<Record<(typeof METHODS)[number], Handler>>;
    for (const method of METHODS) expect(typeof route[method], `${file} exports ${method}`).toBe("function");

    const { url, params } = sample(file);
    const call = (method: string) => route[method as (typeof METHODS)[number]]!(new Request(url, { method }), { params: Promise.resolve(params) });
    const options = await call("OPTIONS");
    if (file === "api/[[...path]]/route.ts") {
      expect(options.status).toBe(404);
      expect(options.headers.get("content-type")).toBe("application/problem+json");
      return;
    }
    expect(options.status).toBe(204);
    const allow = options.headers.get("allow")!;
    const served = allow.split(", ");
    expect(served).toContain("OPTIONS");
    for (const method of METHODS.filter((m) => !served.includes(m))) {
      const response = await call(method);
      expect(response.status, `${method} ${file}`).toBe(405);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(response.headers.get("allow")).toBe(allow);
      expect(await response.json()).toMatchObject({ type: "urn:countersign:problem:method-not-allowed", title: expect.any(String), status: 405, detail: expect.any(String), requestId: expect.any(String) });
    }
  });
});
