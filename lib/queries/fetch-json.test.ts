import { afterEach, assert, describe, expect, it, vi } from "vitest";
import { ApiError, fetchJson } from "./fetch-json";
import { auditEventsUrl, evidencePackUrl } from "./queries";

const problem = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/problem+json" } });

afterEach(() => vi.unstubAllGlobals());

describe("fetchJson", () => {
  it("turns problem+json into an error whose message is the detail plus each field error", async () => {
    vi.stubGlobal("fetch", async () =>
      problem(400, {
        type: "urn:countersign:problem:validation",
        title: "Invalid request",
        status: 400,
        detail: "The request is not valid.",
        requestId: "req_1",
        errors: [{ path: "reason", message: "Too long" }, { path: "(body)", message: "Unexpected key" }],
      }),
    );
    const error = await fetchJson("/x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe("The request is not valid.\nreason: Too long\nUnexpected key");
    expect(error).toMatchObject({ status: 400, title: "Invalid request", requestId: "req_1" });
  });

  it("gives a readable message when the error body is not JSON", async () => {
    vi.stubGlobal("fetch", async () => new Response("<html>oops</html>", { status: 502, headers: { "content-type": "text/html" } }));
    await expect(fetchJson("/x")).rejects.toThrow("The server could not be reached. Try again in a moment.");
  });

  it("reports a network failure as such", async () => {
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("fetch failed");
    });
    await expect(fetchJson("/x")).rejects.toMatchObject({ status: 0, message: expect.stringContaining("Could not reach the server") });
  });

  it("sends JSON bodies with a content type and returns the parsed answer", async () => {
    const calls: RequestInit[] = [];
    vi.stubGlobal("fetch", async (_url: string, init: RequestInit) => {
      calls.push(init);
      return Response.json({ ok: true });
    });
    await expect(fetchJson("/x", { method: "POST", json: { body: "hi" } })).resolves.toEqual({ ok: true });
    const [call] = calls;
    assert.isDefined(call);
    expect(call.body).toBe('{"body":"hi"}');
    expect((call.headers as Record<string, string>)["content-type"]).toBe("application/json");
  });
});

describe("audit URLs", () => {
  it("sends only the filters that are set, and makes the `to` day inclusive", () => {
    const url = new URL(auditEventsUrl({ type: " decision.", streamId: "", actor: "alice@example.com", from: "2026-01-01", to: "2026-01-31" }), "http://x");
    expect(url.searchParams.get("type")).toBe("decision.");
    expect(url.searchParams.has("streamId")).toBe(false);
    expect(url.searchParams.get("actor")).toBe("alice@example.com");
    const from = new Date(url.searchParams.get("from")!);
    const to = new Date(url.searchParams.get("to")!);
    expect([from.getFullYear(), from.getMonth(), from.getDate(), from.getHours()]).toEqual([2026, 0, 1, 0]);
    expect([to.getFullYear(), to.getMonth(), to.getDate(), to.getHours()]).toEqual([2026, 1, 1, 0]);
  });

  it("leaves the evidence pack period to the server when no dates are given", () => {
    expect(evidencePackUrl(undefined, undefined)).toBe("/api/console/evidence-pack");
    expect(evidencePackUrl("bad", "")).toBe("/api/console/evidence-pack");
  });
});
