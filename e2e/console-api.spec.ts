import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext, type APIResponse, type Page } from "@playwright/test";
import { strFromU8, unzipSync } from "fflate";
import { getRequest, postRequest, requestPayload } from "./support/agent";
import { E2E_PORT, E2E_URL } from "./support/environment";
import { signIn } from "./support/sign-in";

/**
 * The console's own JSON API over HTTP, with real Auth.js sessions from the dev identity provider.
 * `page.request` shares the signed-in page's cookies; the `request` fixture is a signed-out client.
 */

type Problem = { type: string; title: string; status: number; detail: string; requestId: string; errors?: { path: string; message: string }[] };

const SAME_ORIGIN = { origin: E2E_URL };

/** Asserts an RFC 9457 problem; `fields`, when given, must be exactly the paths its `errors` name. */
async function expectProblem(response: APIResponse, status: number, fields?: string[]): Promise<Problem> {
  expect(response.status()).toBe(status);
  expect(response.headers()["content-type"]).toContain("application/problem+json");
  const problem: Problem = await response.json();
  expect(problem).toMatchObject({ type: expect.stringMatching(/^urn:countersign:problem:/), title: expect.any(String), status, detail: expect.any(String) });
  expect(problem.requestId).toBe(response.headers()["x-request-id"]);
  if (fields) expect([...new Set(problem.errors?.map((error) => error.path))].sort()).toEqual([...fields].sort());
  return problem;
}

async function createRequest(summary: string, extra: Record<string, unknown> = {}): Promise<string> {
  const created = await postRequest(requestPayload(`${summary} ${Date.now()}`, extra));
  expect(created.status).toBe(201);
  return created.body.id;
}

const detailUrl = (id: string) => `/api/console/requests/${id}`;
const decide = (api: APIRequestContext, id: string, data: unknown, headers: Record<string, string> = SAME_ORIGIN) =>
  api.post(`${detailUrl(id)}/decisions`, { headers, data });
const comment = (api: APIRequestContext, id: string, data: unknown, headers: Record<string, string> = SAME_ORIGIN) =>
  api.post(`${detailUrl(id)}/comments`, { headers, data });

async function readDetail(page: Page, id: string) {
  const response = await page.request.get(detailUrl(id));
  expect(response.status()).toBe(200);
  return response.json();
}

/** A refused mutation must leave no trace: still pending for the agent, no decision or comment in the console. */
async function expectUntouched(page: Page, id: string) {
  expect((await getRequest(id)).body.status).toBe("pending");
  const detail = await readDetail(page, id);
  expect(detail.status).toBe("pending");
  expect(detail.decisions).toEqual([]);
  expect(detail.comments).toEqual([]);
}

test.describe("GET /api/console/requests/[requestId]", () => {
  test("alice reads the request masked, with its policy and her right to decide", async ({ page }) => {
    const secret = `ghp_${randomUUID().replaceAll("-", "")}abcd`;
    const id = await createRequest("Console detail", { context: { ticket: "OPS-1234", env: `DB_PASSWORD=${secret}` } });
    await signIn(page, "alice@example.com");

    const response = await page.request.get(detailUrl(id));
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("application/json");
    expect(response.headers()["cache-control"]).toBe("no-store");
    const text = await response.text();
    expect(text).not.toContain(secret);
    const detail = JSON.parse(text);
    expect(detail).toMatchObject({
      id,
      status: "pending",
      action: "db.export",
      agent: { name: "demo-agent", ownerEmail: "erin@example.com" },
      policy: { requiredApprovals: 1 },
      decisions: [],
      comments: [],
      grant: null,
      viewer: { canDecide: true, reason: null, canComment: true },
    });
    expect(detail.payloadDigest).toBe((await getRequest(id)).body.payloadDigest);
    expect(detail.context.ticket).toBe("OPS-1234");
    expect(detail.context.env).toMatch(/\[[a-z0-9_]+:[0-9a-f]{6}\]/);
  });

  test("a malformed id and an unknown id are both 404 problem+json", async ({ page }) => {
    await signIn(page, "alice@example.com");
    await expectProblem(await page.request.get(detailUrl("not-a-uuid")), 404);
    await expectProblem(await page.request.get(detailUrl("1' OR '1'='1")), 404);
    await expectProblem(await page.request.get(detailUrl(randomUUID())), 404);
  });
});

test.describe("POST /api/console/requests/[requestId]/decisions", () => {
  test("alice approves: 200 with the new status, the agent sees it approved, and a second decision is 409", async ({ page }) => {
    const id = await createRequest("Console approve");
    await signIn(page, "alice@example.com");

    const response = await decide(page.request, id, { outcome: "approve", reason: "Read-only export" });
    expect(response.status()).toBe(200);
    expect(await response.json()).toEqual({ status: "approved", approvals: 1, requiredApprovals: 1, breakGlass: false });
    const seen = await getRequest(id);
    expect(seen.body.status).toBe("approved");
    expect(seen.body.grant).toEqual(expect.any(String));
    expect(seen.body.decisions).toMatchObject([{ decider: "alice@example.com", outcome: "approve", reason: "Read-only export" }]);

    const again = await expectProblem(await decide(page.request, id, { outcome: "reject", reason: "Changed my mind" }), 409);
    expect(again.type).toBe("urn:countersign:problem:invalid-state");
    expect(again.detail).toBe("This request is approved; it no longer takes decisions.");
    const after = await getRequest(id);
    expect(after.body.status).toBe("approved");
    expect(after.body.decisions).toHaveLength(1);
  });

  test("bob rejects with a reason: the agent sees it rejected, and approving it afterwards is 409", async ({ page }) => {
    const id = await createRequest("Console reject");
    await signIn(page, "bob@example.com");

    const response = await decide(page.request, id, { outcome: "reject", reason: "Change freeze until Monday" });
    expect(response.status()).toBe(200);
    expect(await response.json()).toMatchObject({ status: "rejected" });
    const seen = await getRequest(id);
    expect(seen.body.status).toBe("rejected");
    expect(seen.body.grant).toBeUndefined();
    expect(seen.body.decisions).toMatchObject([{ decider: "bob@example.com", outcome: "reject", reason: "Change freeze until Monday" }]);

    const again = await expectProblem(await decide(page.request, id, { outcome: "approve" }), 409);
    expect(again.detail).toBe("This request is rejected; it no longer takes decisions.");
    expect((await getRequest(id)).body.status).toBe("rejected");
  });

  test("invalid decisions are 400 naming each bad field, and change nothing", async ({ page }) => {
    const id = await createRequest("Console bad decision");
    await signIn(page, "alice@example.com");

    await expectProblem(await decide(page.request, id, { outcome: "maybe" }), 400, ["outcome"]);
    await expectProblem(await decide(page.request, id, {}), 400, ["outcome"]);
    await expectProblem(await decide(page.request, id, { outcome: "approve", reason: "x".repeat(2001) }), 400, ["reason"]);
    await expectProblem(await decide(page.request, id, { outcome: "approve", reason: 42 }), 400, ["reason"]);
    await expectProblem(await decide(page.request, id, { outcome: "maybe", reason: "x".repeat(2001) }), 400, ["outcome", "reason"]);
    // A rejection must say why; whitespace is not a reason.
    await expectProblem(await decide(page.request, id, { outcome: "reject" }), 400, ["reason"]);
    await expectProblem(await decide(page.request, id, { outcome: "reject", reason: " \n\t " }), 400, ["reason"]);

    await expectProblem(await decide(page.request, id, { outcome: "approve", approvedBy: "bob@example.com" }), 400, ["approvedBy"]);

    const notJson = page.request.post(`${detailUrl(id)}/decisions`, {
      headers: { ...SAME_ORIGIN, "content-type": "text/plain" },
      data: JSON.stringify({ outcome: "approve" }),
    });
    expect((await expectProblem(await notJson, 400)).detail).toMatch(/JSON/);
    const malformed = page.request.post(`${detailUrl(id)}/decisions`, {
      headers: { ...SAME_ORIGIN, "content-type": "application/json" },
      data: Buffer.from('{"outcome": "approve"'),
    });
    expect((await expectProblem(await malformed, 400)).detail).toMatch(/not valid JSON/);

    await expectProblem(await decide(page.request, randomUUID(), { outcome: "approve" }), 404);
    await expectProblem(await decide(page.request, "not-a-uuid", { outcome: "approve" }), 404);
    await expectUntouched(page, id);

    // The limit is inclusive: exactly 2000 characters is a valid reason.
    const longest = "Checked the runbook. ".repeat(100).slice(0, 2000);
    expect((await decide(page.request, id, { outcome: "approve", reason: longest })).status()).toBe(200);
    expect((await getRequest(id)).body.decisions[0].reason).toBe(longest);
  });

  test("a decision without the console's own Origin is 403 and changes nothing", async ({ page }) => {
    const id = await createRequest("Console decision origin");
    await signIn(page, "alice@example.com");

    const origins: Record<string, string>[] = [{}, { origin: "http://evil.example" }, { origin: "null" }, { origin: `http://localhost:${E2E_PORT + 1}` }];
    for (const headers of origins) {
      const refused = await expectProblem(await decide(page.request, id, { outcome: "approve" }, headers), 403);
      expect(refused.detail).toBe("Cross-site requests are refused.");
    }
    await expectUntouched(page, id);
  });

  test("carol, an auditor, cannot decide: 403 and nothing changes", async ({ page }) => {
    const id = await createRequest("Console auditor decision");
    await signIn(page, "carol@example.com");

    for (const outcome of ["approve", "reject"]) {
      const refused = await expectProblem(await decide(page.request, id, { outcome, reason: "Looks fine" }), 403);
      expect(refused.type).toBe("urn:countersign:problem:forbidden");
      expect(refused.detail).toMatch(/read-only/);
    }
    await expectUntouched(page, id);
  });

  test("erin cannot decide her own agent's request: 403 separation of duties and nothing changes", async ({ page }) => {
    const id = await createRequest("Console owner decision");
    await signIn(page, "erin@example.com");

    const refused = await expectProblem(await decide(page.request, id, { outcome: "approve" }), 403);
    expect(refused.type).toBe("urn:countersign:problem:separation-of-duties");
    expect(refused.detail).toMatch(/own the agent/);
    expect((await readDetail(page, id)).viewer).toMatchObject({ canDecide: false, reason: refused.detail });
    await expectUntouched(page, id);
  });
});

test.describe("POST /api/console/requests/[requestId]/comments", () => {
  test("alice comments: 201 with its id, and the comment appears trimmed in the detail", async ({ page }) => {
    const id = await createRequest("Console comment");
    await signIn(page, "alice@example.com");

    const response = await comment(page.request, id, { body: "  Is the replica still used by the reporting job?\n" });
    expect(response.status()).toBe(201);
    const { id: commentId } = await response.json();
    expect(commentId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await readDetail(page, id)).comments).toMatchObject([
      { id: commentId, author: "alice@example.com", body: "Is the replica still used by the reporting job?" },
    ]);
    // Commenting is not deciding.
    expect((await getRequest(id)).body.status).toBe("pending");
  });

  test("empty, blank, over-long or malformed comments are 400 naming body; unknown requests are 404", async ({ page }) => {
    const id = await createRequest("Console bad comment");
    await signIn(page, "alice@example.com");

    for (const body of ["", "   \n\t ", "x".repeat(10_001), 42, null]) {
      await expectProblem(await comment(page.request, id, { body }), 400, ["body"]);
    }
    await expectProblem(await comment(page.request, id, {}), 400, ["body"]);
    await expectProblem(await comment(page.request, id, { body: "hello", author: "bob@example.com" }), 400, ["author"]);
    await expectProblem(await comment(page.request, id, { body: "hello" }, { origin: "http://evil.example" }), 403);
    await expectProblem(await comment(page.request, id, { body: "hello" }, {}), 403);
    await expectProblem(await comment(page.request, randomUUID(), { body: "hello" }), 404);
    await expectProblem(await comment(page.request, "not-a-uuid", { body: "hello" }), 404);
    await expectUntouched(page, id);

    const longest = "Checked the runbook. ".repeat(500).slice(0, 10_000);
    expect((await comment(page.request, id, { body: longest })).status()).toBe(201);
    expect((await readDetail(page, id)).comments).toMatchObject([{ body: longest }]);
  });

  test("carol, an auditor, cannot comment: 403 and no comment is added", async ({ page }) => {
    const id = await createRequest("Console auditor comment");
    await signIn(page, "carol@example.com");

    const refused = await expectProblem(await comment(page.request, id, { body: "Noted for the audit." }), 403);
    expect(refused.detail).toMatch(/read-only/);
    expect((await readDetail(page, id)).viewer.canComment).toBe(false);
    await expectUntouched(page, id);
  });
});

test.describe("audit and evidence routes", () => {
  test("carol verifies the event chain: 200 with an intact chain status", async ({ page }) => {
    await createRequest("Console chain");
    await signIn(page, "carol@example.com");

    const response = await page.request.get("/api/console/audit/verification");
    expect(response.status()).toBe(200);
    expect(response.headers()["cache-control"]).toBe("no-store");
    const status = await response.json();
    expect(status).toMatchObject({ ok: true, checked: expect.any(Number), head: expect.stringMatching(/^[0-9a-f]{64}$/), unsealed: expect.any(Number) });
    expect(status.checked).toBeGreaterThan(0);
    expect(Number.isNaN(Date.parse(status.verifiedAt))).toBe(false);
  });

  test("carol downloads an evidence pack: a signed ZIP attachment holding the period's requests", async ({ page }) => {
    const id = await createRequest("Console evidence");
    await signIn(page, "carol@example.com");

    const from = new Date(Date.now() - 3600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const response = await page.request.get("/api/console/evidence-pack", { params: { from, to } });
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toBe("application/zip");
    expect(response.headers()["content-disposition"]).toMatch(/^attachment; filename="countersign-evidence-[^"/\\]+\.zip"$/);
    const files = unzipSync(new Uint8Array(await response.body()));
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining(["manifest.json", "manifest.jws", "jwks.json", "events.ndjson", "populations/requests.csv", "populations/decisions.csv", "control-matrix.csv", "report.html"]),
    );
    // A missing file reads as empty, and fails the expectation.
    const text = (name: string) => strFromU8(files[name] ?? new Uint8Array());
    expect(text("populations/requests.csv")).toContain(id);
    expect(JSON.parse(text("manifest.json")).period).toEqual({ from, to });
  });

  test("an evidence period that is not a date, or is empty, is 400 naming the field", async ({ page }) => {
    await signIn(page, "carol@example.com");
    const pack = (params: Record<string, string>) => page.request.get("/api/console/evidence-pack", { params });

    await expectProblem(await pack({ from: "not-a-date" }), 400, ["from"]);
    await expectProblem(await pack({ to: "tomorrow-ish" }), 400, ["to"]);
    await expectProblem(await pack({ from: "not-a-date", to: "nope" }), 400, ["from", "to"]);
    await expectProblem(await pack({ from: "2026-01-02T00:00:00Z", to: "2026-01-01T00:00:00Z" }), 400, ["from"]);
    await expectProblem(await pack({ from: "2026-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z" }), 400, ["from"]);
  });

  test("alice, a reviewer, is refused the audit log, its verification and evidence packs", async ({ page }) => {
    await signIn(page, "alice@example.com");
    for (const url of ["/api/console/audit/events", "/api/console/audit/verification", "/api/console/evidence-pack"]) {
      const refused = await expectProblem(await page.request.get(url), 403);
      expect(refused.type, url).toBe("urn:countersign:problem:forbidden");
    }
  });
});

test.describe("paged lists", () => {
  test("the queue pages with opaque cursors, counts the whole tab, and names a bad filter or cursor", async ({ page }) => {
    const ids = [await createRequest("Queue page A"), await createRequest("Queue page B")];
    await signIn(page, "alice@example.com");
    const queue = (params: Record<string, string>) => page.request.get("/api/console/queue", { params });

    const first = await (await queue({ filter: "all", limit: "1" })).json();
    expect(first).toMatchObject({ items: [{ id: ids[1] }], nextCursor: expect.any(String), total: expect.any(Number) });
    const second = await (await queue({ filter: "all", limit: "1", cursor: first.nextCursor })).json();
    expect(second.items).toMatchObject([{ id: ids[0] }]);
    // The tab's total comes with the first page only; later pages are not recounted.
    expect(second.total).toBeNull();

    await expectProblem(await queue({ filter: "everything" }), 400, ["filter"]);
    await expectProblem(await queue({ cursor: "bm90LWEtY3Vyc29y" }), 400, ["cursor"]);
    await expectProblem(await queue({ limit: "0" }), 400, ["limit"]);
  });

  test("the audit log pages back in time and names a bad filter or cursor", async ({ page }) => {
    const id = await createRequest("Audit page");
    await signIn(page, "carol@example.com");
    const audit = (params: Record<string, string>) => page.request.get("/api/console/audit/events", { params });

    const first = await (await audit({ streamId: id, limit: "1" })).json();
    expect(first.events).toMatchObject([{ type: "policy.evaluated", streamId: id }]);
    const second = await (await audit({ streamId: id, limit: "1", cursor: first.nextCursor })).json();
    expect(second).toMatchObject({ events: [{ type: "request.created", streamId: id }], nextCursor: null });

    await expectProblem(await audit({ from: "last tuesday" }), 400, ["from"]);
    await expectProblem(await audit({ cursor: "-1" }), 400, ["cursor"]);
    await expectProblem(await audit({ limit: "100000" }), 400, ["limit"]);
  });
});

const ROUTES: { method: "GET" | "POST"; url: string; data?: unknown }[] = [
  { method: "GET", url: "/api/console/queue" },
  { method: "GET", url: "/api/console/audit/events" },
  { method: "GET", url: "/api/console/audit/verification" },
  { method: "GET", url: "/api/console/evidence-pack" },
  { method: "GET", url: detailUrl(randomUUID()) },
  { method: "POST", url: `${detailUrl(randomUUID())}/decisions`, data: { outcome: "approve" } },
  { method: "POST", url: `${detailUrl(randomUUID())}/comments`, data: { body: "hello" } },
];

test.describe("every console route", () => {
  test("signed out, every route is 401 problem+json", async ({ request }) => {
    for (const { method, url, data } of ROUTES) {
      const response = await request.fetch(url, { method, headers: SAME_ORIGIN, data });
      expect(response.status(), `${method} ${url}`).toBe(401);
      await expectProblem(response, 401);
    }
  });

  test("signed in as an administrator, a request from another site is 403 on every route", async ({ page }) => {
    await signIn(page, "dave@example.com");
    // Sanity: the session itself is good, so the refusals below are the header's doing.
    expect((await page.request.get("/api/console/audit/verification", { headers: { "sec-fetch-site": "same-origin" } })).status()).toBe(200);
    // same-site is another origin too (the dev identity provider is one, on the next port).
    for (const site of ["cross-site", "same-site"]) {
      for (const { method, url, data } of ROUTES) {
        const response = await page.request.fetch(url, { method, headers: { ...SAME_ORIGIN, "sec-fetch-site": site }, data });
        expect(response.status(), `${site} ${method} ${url}`).toBe(403);
        expect((await expectProblem(response, 403)).detail).toBe("Cross-site requests are refused.");
      }
    }
  });
});
