import { describe, expect, it } from "vitest";
import { Countersign, DeniedError, ExpiredError, ProblemError, VerificationError, WaitTimeoutError } from "../src/index.js";
import { json, newSigningKey, REQUEST_ID, scriptedFetch, signGrant, view, type Answer } from "./scripted-api.js";

const BASE = "http://countersign.test";
const body = { action: "db.export", resource: "postgres://prod-db/customers", summary: "Export churned customers", parameters: { sql: "COPY (SELECT 1) TO STDOUT", limit: 10 } };
const payload = { action: body.action, resource: body.resource, environment: "production", parameters: body.parameters };
const fast = { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 };

async function setup(script: Record<string, Answer[]>) {
  const api = scriptedFetch(script);
  return { api, cs: new Countersign({ baseUrl: BASE, apiKey: "cs_live_secret", fetch: api.fetch, retry: fast }) };
}
const count = (calls: { method: string; path: string }[], prefix: string) => calls.filter((c) => `${c.method} ${c.path}`.startsWith(prefix)).length;

describe("request", () => {
  it("retries network errors and 5xx with the same Idempotency-Key, so the server can only ever create one request", async () => {
    const { api, cs } = await setup({
      "POST /api/v1/action-requests": [new TypeError("fetch failed"), json({ type: "about:blank", title: "Unavailable", status: 503 }, 503), json(view("pending"), 201)],
    });
    const ticket = await cs.request(body);
    expect(ticket.id).toBe(REQUEST_ID);
    const posts = api.calls.filter((c) => c.method === "POST");
    expect(posts).toHaveLength(3);
    const keys = new Set(posts.map((c) => c.headers.get("idempotency-key")));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(posts.every((c) => JSON.stringify(c.body) === JSON.stringify(posts[0]!.body))).toBe(true);
    expect(posts[0]!.headers.get("authorization")).toBe("Bearer cs_live_secret");
  });

  it("does not retry a 4xx, and throws it as a ProblemError carrying the problem+json (not the key)", async () => {
    const problem = { type: "https://countersign.dev/problems/validation", title: "Invalid body", status: 400, detail: "summary is required", requestId: "r1", errors: [{ path: "summary", message: "summary is required" }] };
    const { api, cs } = await setup({ "POST /api/v1/action-requests": [json(problem, 400)] });
    const error = await cs.request(body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemError);
    expect((error as ProblemError).problem).toEqual(problem);
    expect(String((error as Error).message)).not.toContain("cs_live_secret");
    expect(api.calls).toHaveLength(1);
  });

  it("gives up after its attempts and throws the last answer", async () => {
    const { api, cs } = await setup({ "POST /api/v1/action-requests": [json({ type: "about:blank", title: "Bad Gateway", status: 502 }, 502)] });
    await expect(cs.request(body)).rejects.toMatchObject({ status: 502 });
    expect(api.calls).toHaveLength(fast.attempts);
  });
});

describe("wait", () => {
  it("long-polls within the API's 60 s limit and asks again until decided", async () => {
    const key = await newSigningKey("k1");
    const grant = await signGrant(key, payload);
    const { api, cs } = await setup({
      "POST /api/v1/action-requests": [json(view("pending"), 201)],
      [`GET /api/v1/action-requests/${REQUEST_ID}`]: [json(view("pending")), json(view("pending")), json(view("approved", { grant }))],
      "GET /.well-known/jwks.json": [json({ keys: [key.jwk] })],
    });
    const decision = await (await cs.request(body)).wait({ timeoutMs: 10 * 60_000 });
    expect(decision).toMatchObject({ status: "approved", grant });
    expect(decision.claims?.sub).toBe(REQUEST_ID);
    const polls = api.calls.filter((c) => c.path.startsWith(`/api/v1/action-requests/${REQUEST_ID}`)).map((c) => c.path);
    expect(polls).toEqual(Array(3).fill(`/api/v1/action-requests/${REQUEST_ID}?wait=60`));
  });

  it("answers pending when its own timeout passes first, and stops on abort", async () => {
    const { cs } = await setup({ "POST /api/v1/action-requests": [json(view("pending"), 201)], [`GET /api/v1/action-requests/${REQUEST_ID}`]: [json(view("pending"))] });
    const ticket = await cs.request(body);
    expect((await ticket.wait({ timeoutMs: 30 })).status).toBe("pending");
    const controller = new AbortController();
    controller.abort(new Error("stop waiting"));
    await expect(ticket.wait({ signal: controller.signal })).rejects.toThrow("stop waiting");
  });

  it("gives a rejection's reason", async () => {
    const decisions = [{ outcome: "reject", reason: "Not during the freeze" }];
    const { cs } = await setup({ "POST /api/v1/action-requests": [json(view("rejected", { decisions }), 201)] });
    expect(await (await cs.request(body)).wait()).toMatchObject({ status: "rejected", reason: "Not during the freeze" });
  });
});

describe("grant verification, locally", () => {
  async function approvedWith(grant: string, jwks: Answer[]) {
    return setup({ "POST /api/v1/action-requests": [json(view("approved", { grant }), 201)], "GET /.well-known/jwks.json": jwks });
  }

  it("caches the JWKS: verifying many grants fetches it once", async () => {
    const key = await newSigningKey("k1");
    const { api, cs } = await approvedWith(await signGrant(key, payload), [json({ keys: [key.jwk] })]);
    for (let i = 0; i < 3; i++) expect((await (await cs.request(body)).wait()).status).toBe("approved");
    expect(count(api.calls, "GET /.well-known/jwks.json")).toBe(1);
  });

  it("honours a rotated key: a grant with an unknown kid refetches the JWKS once", async () => {
    const [oldKey, newKey] = [await newSigningKey("k1"), await newSigningKey("k2")];
    const grants = [await signGrant(oldKey, payload), await signGrant(newKey, payload)];
    const { api, cs } = await setup({
      "POST /api/v1/action-requests": grants.map((grant) => json(view("approved", { grant }), 201)),
      "GET /.well-known/jwks.json": [json({ keys: [oldKey.jwk] }), json({ keys: [newKey.jwk, oldKey.jwk] })],
    });
    expect((await (await cs.request(body)).wait()).grant).toBe(grants[0]);
    expect((await (await cs.request(body)).wait()).grant).toBe(grants[1]);
    expect(count(api.calls, "GET /.well-known/jwks.json")).toBe(2);
  });

  it("refuses a grant whose kid is nowhere, after one refetch and no more", async () => {
    const [known, stranger] = [await newSigningKey("k1"), await newSigningKey("k9")];
    const { api, cs } = await approvedWith(await signGrant(stranger, payload), [json({ keys: [known.jwk] })]);
    await expect((await cs.request(body)).wait()).rejects.toBeInstanceOf(VerificationError);
    expect(count(api.calls, "GET /.well-known/jwks.json")).toBe(2);
  });

  it("refuses a tampered grant: claims edited after signing, a forged signature, another request's grant, another payload's grant, a token of another type", async () => {
    const key = await newSigningKey("k1");
    const forger = await newSigningKey("k1");
    const genuine = await signGrant(key, payload);
    const [header, claims, signature] = genuine.split(".") as [string, string, string];
    const edited = JSON.parse(Buffer.from(claims, "base64url").toString());
    edited.payloadDigest = "sha256:" + "1".repeat(64);
    const tampered = [
      `${header}.${Buffer.from(JSON.stringify(edited)).toString("base64url")}.${signature}`,
      await signGrant(forger, payload),
      await signGrant(key, payload, { sub: "0b8f2f4e-52c1-4c4e-9d8e-2d7c8a1e0002" }),
      await signGrant(key, { ...payload, parameters: { sql: "DROP TABLE customers" } }),
      await signGrant(key, payload, { typ: "JWT" }),
    ];
    for (const grant of tampered) {
      const { cs } = await approvedWith(grant, [json({ keys: [key.jwk] })]);
      await expect((await cs.request(body)).wait(), grant).rejects.toBeInstanceOf(VerificationError);
    }
  });

  it("throws ExpiredError for an expired grant", async () => {
    const key = await newSigningKey("k1");
    const { cs } = await approvedWith(await signGrant(key, payload, { expiresIn: Math.floor(Date.now() / 1000) - 5 }), [json({ keys: [key.jwk] })]);
    await expect((await cs.request(body)).wait()).rejects.toBeInstanceOf(ExpiredError);
  });
});

describe("guard", () => {
  async function approved(extra: Record<string, Answer[]> = {}) {
    const key = await newSigningKey("k1");
    const grant = await signGrant(key, payload);
    const setupResult = await setup({
      "POST /api/v1/action-requests": [json(view("approved", { grant }), 201)],
      "GET /.well-known/jwks.json": [json({ keys: [key.jwk] })],
      [`POST /api/v1/action-requests/${REQUEST_ID}/execution`]: [json(view("executed"))],
      ...extra,
    });
    return { ...setupResult, grant };
  }
  const reports = (calls: { method: string; path: string; body: unknown }[]) => calls.filter((c) => c.path.endsWith("/execution")).map((c) => c.body);

  it("runs the callback with the approved parameters, frozen, and reports success", async () => {
    const { api, cs, grant } = await approved();
    const told: string[] = [];
    const result = await cs.guard(
      body,
      (parameters) => {
        expect(parameters).toEqual(body.parameters);
        expect(Object.isFrozen(parameters)).toBe(true);
        return "exported";
      },
      { onTicket: (ticket) => void told.push(ticket.consoleUrl) },
    );
    expect(result).toBe("exported");
    expect(told).toEqual([`http://localhost:3000/requests/${REQUEST_ID}`]);
    expect(reports(api.calls)).toEqual([{ outcome: "succeeded", grant }]);
  });

  it("sends the caller's Idempotency-Key when given one, so a second guard of the same action meets the same request", async () => {
    const { api, cs } = await approved();
    await cs.guard(body, () => "first", { idempotencyKey: "openai-agents:call_1" });
    await cs.guard(body, () => "again", { idempotencyKey: "openai-agents:call_1" });
    await cs.guard(body, () => "fresh");
    const keys = api.calls.filter((c) => c.method === "POST" && c.path === "/api/v1/action-requests").map((c) => c.headers.get("idempotency-key"));
    expect(keys.slice(0, 2)).toEqual(["openai-agents:call_1", "openai-agents:call_1"]);
    expect(keys[2]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("reports a failure with the error as its detail when the callback throws, then rethrows the same error", async () => {
    const { api, cs, grant } = await approved();
    const boom = new RangeError("disk full on /exports");
    const thrown = await cs.guard(body, async () => Promise.reject(boom)).catch((e: unknown) => e);
    expect(thrown).toBe(boom);
    expect(reports(api.calls)).toEqual([{ outcome: "failed", detail: "RangeError: disk full on /exports", grant }]);
  });

  it("counts a report whose answer was lost as made: the retry's 409 stands when the request holds that outcome", async () => {
    const { api, cs } = await approved({
      [`POST /api/v1/action-requests/${REQUEST_ID}/execution`]: [new TypeError("fetch failed"), json({ type: "about:blank", title: "Conflict", status: 409 }, 409)],
      [`GET /api/v1/action-requests/${REQUEST_ID}`]: [json(view("executed", { execution: { outcome: "succeeded", detail: null, reportedAt: "2026-12-01T00:00:00.000Z" } }))],
    });
    expect(await cs.guard(body, () => "done")).toBe("done");
    expect(reports(api.calls)).toHaveLength(2);
  });

  it("still rethrows the callback's error when the report itself fails, with the report's error as its cause", async () => {
    const { cs } = await approved({ [`POST /api/v1/action-requests/${REQUEST_ID}/execution`]: [json({ type: "about:blank", title: "Conflict", status: 409 }, 409)] });
    const boom = new Error("boom");
    const thrown = (await cs.guard(body, () => Promise.reject(boom)).catch((e: unknown) => e)) as Error;
    expect(thrown).toBe(boom);
    expect(thrown.cause).toMatchObject({ status: 409 });
  });

  it("never runs the callback when rejected, expired or undecided in time", async () => {
    for (const [status, error] of [["rejected", DeniedError], ["cancelled", DeniedError], ["expired", ExpiredError], ["pending", WaitTimeoutError]] as const) {
      const { api, cs } = await setup({
        "POST /api/v1/action-requests": [json(view(status, { decisions: [{ outcome: "reject", reason: "no" }] }), 201)],
        [`GET /api/v1/action-requests/${REQUEST_ID}`]: [json(view("pending"))],
      });
      let ran = false;
      await expect(cs.guard(body, () => (ran = true), { timeoutMs: 20 })).rejects.toBeInstanceOf(error);
      expect(ran).toBe(false);
      expect(reports(api.calls)).toEqual([]);
    }
  });

  it("wrapTool guards each call of a tool with its input as the parameters", async () => {
    const { api, cs, grant } = await approved();
    const exportTool = cs.wrapTool(async ({ sql }: { sql: string; limit: number }) => `ran ${sql}`, (input) => ({ action: "db.export", resource: body.resource, summary: `Export: ${input.sql}` }));
    expect(await exportTool(body.parameters)).toBe(`ran ${body.parameters.sql}`);
    const [post] = api.calls.filter((c) => c.path === "/api/v1/action-requests");
    expect(post!.body).toMatchObject({ summary: `Export: ${body.parameters.sql}`, parameters: body.parameters, environment: "production" });
    expect(reports(api.calls)).toEqual([{ outcome: "succeeded", grant }]);
  });
});
