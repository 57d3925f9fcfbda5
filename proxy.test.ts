import type { NextConfig } from "next";
import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { config, proxy } from "./proxy";

afterEach(() => vi.unstubAllEnvs());

const runsFor = (url: string) => unstable_doesMiddlewareMatch({ config, url });

describe("proxy", () => {
  it("runs for the API and the well-known keys as well as for pages", () => {
    for (const url of ["/api", "/api/v1", "/api/health", "/api/v1/action-requests/%ff", "/api/auth/session", "/.well-known/jwks.json", "/queue"]) {
      expect(runsFor(url), url).toBe(true);
    }
    expect(runsFor("/_next/static/chunk.js")).toBe(false);
  });

  it("sends HSTS on API responses when the console is served over TLS, and not over plain HTTP", () => {
    expect(runsFor("/api/health")).toBe(true);
    vi.stubEnv("APP_URL", "https://console.example");
    expect(proxy(new NextRequest("https://console.example/api/health")).headers.get("strict-transport-security")).toMatch(/max-age=\d{8,}/);
    expect(proxy(new NextRequest("https://console.example/.well-known/jwks.json")).headers.get("strict-transport-security")).toMatch(/max-age=/);
    expect(proxy(new NextRequest("https://console.example/queue")).headers.get("strict-transport-security")).toMatch(/max-age=/);
    vi.stubEnv("APP_URL", "http://localhost:3000");
    expect(proxy(new NextRequest("http://localhost:3000/api/health")).headers.get("strict-transport-security")).toBeNull();
  });

  it.each(["%ff", "%c0%af", "%", "%zz", "%e2%82"])("answers a path with %s in it with a problem+json 400 under /api/", async (bad) => {
    for (const path of [`/api/v1/action-requests/${bad}`, `/api/v1/action-requests/${bad}/cancel`, `/api/${bad}`, `/.well-known/${bad}`]) {
      const response = proxy(new NextRequest(`http://localhost:3000${path}`));
      expect(response.status, path).toBe(400);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(await response.json()).toMatchObject({ status: 400, type: "urn:countersign:problem:validation", detail: expect.stringContaining("percent-encoded") });
    }
    expect(proxy(new NextRequest(`http://localhost:3000/requests/${bad}`)).status).toBe(400);
  });

  it("lets well-formed paths through, encoded characters included", () => {
    expect(proxy(new NextRequest("http://localhost:3000/api/v1/action-requests/a%20b%C3%A9")).headers.get("x-middleware-next")).toBe("1");
  });
});

describe("next.config.js", () => {
  it("buffers twice as much of a body for the proxy as the API accepts, so an oversize body is still seen as one", async () => {
    const { MAX_BODY_BYTES } = await import("@/lib/http/body-limit");
    // Plain JavaScript, without types of its own.
    const { default: nextConfig } = (await import("./next.config.js" as string)) as { default: NextConfig };
    expect(nextConfig.experimental?.proxyClientMaxBodySize).toBe(2 * MAX_BODY_BYTES);
  });
});
