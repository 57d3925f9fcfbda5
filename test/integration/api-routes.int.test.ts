import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { APP_DIR, apiRouteFiles, sampleRoute } from "../route-table";
import { TEST_APP_URL, useTestDatabase } from "./test-database";

/**
 * Walks the route table (every route.ts under app/api and app/.well-known), so a route added later
 * is held to the same rules: it exports every method, so Next's own bodiless 405 never answers;
 * OPTIONS names only what it serves; every other method is a problem+json 405 naming the same.
 * What only the HTTP server shows (HEAD, TRACE, malformed paths) is walked in e2e/api-edges.spec.ts.
 */
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response> | Response;

beforeAll(async () => {
  await useTestDatabase();
});

describe("every API route", () => {
  const files = apiRouteFiles();

  it("is found by the walk", () => {
    expect(files).toEqual(expect.arrayContaining(["api/health/route.ts", ".well-known/jwks.json/route.ts", "api/auth/[...nextauth]/route.ts", "api/[[...path]]/route.ts"]));
  });

  it.each(files)("%s exports every method and refuses those it does not serve with a problem+json 405", async (file) => {
    const route = (await import(path.join(APP_DIR, file))) as Partial<Record<(typeof METHODS)[number], Handler>>;
    for (const method of METHODS) expect(typeof route[method], `${file} exports ${method}`).toBe("function");

    const { path: urlPath, params } = sampleRoute(file);
    const call = (method: string) => route[method as (typeof METHODS)[number]]!(new Request(`${TEST_APP_URL}${urlPath}`, { method }), { params: Promise.resolve(params) });
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
