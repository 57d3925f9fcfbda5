import { newServiceContext } from "../../lib/services/service-context";
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createLocalJWKSet, jwtVerify } from "jose";
import type { Database } from "../../db/client";
import { actionRequests, events } from "../../db/schema";
import { sha256Hex } from "../../lib/domain/canonical-json";
import { payloadDigest } from "../../lib/domain/payload-digest";
import { approveActionRequest } from "../../lib/services/approve-action-request";
import { loadCurrentPolicy } from "../../lib/services/load-policy";
import { watchRequest } from "../../lib/services/request-change-notifier";
import { revokeAgent } from "../../lib/services/revoke-agent";
import { getPublicJwks } from "../../lib/services/signing-keys";
import { cancelActionRequest, getActionRequest, postActionRequest, reportExecution } from "./api-client";
import { alice, sampleRequest, seedAgent, installPolicy, quorumDocument } from "./fixtures";
import { GET as unknownApiPath } from "../../app/api/[[...path]]/route";
import { GET as listActionRequests } from "../../app/api/v1/action-requests/route";
import { DELETE as deleteActionRequest } from "../../app/api/v1/action-requests/[requestId]/route";
import { useTestDatabase } from "./test-database";

let db: Database;
let agent: Awaited<ReturnType<typeof seedAgent>>;
let otherAgent: Awaited<ReturnType<typeof seedAgent>>;

beforeAll(async () => {
  db = await useTestDatabase();
  agent = await seedAgent(db);
  otherAgent = await seedAgent(db);
});

const json = (response: Response) => response.json() as Promise<Record<string, any>>;

describe("POST /api/v1/action-requests", () => {
  it("creates a pending request bound to the digest of the raw payload, and records its events", async () => {
    const response = await postActionRequest(sampleRequest, { key: agent.apiKey });
    expect(response.status).toBe(201);
    const body = await json(response);
    expect(body).toMatchObject({ status: "pending", policy: { version: 1, requiredApprovals: 1 } });
    expect(body.payloadDigest).toBe(payloadDigest(sampleRequest));
    expect(body.links.console).toBe(`http://localhost:3999/requests/${body.id}`);
    expect(new Date(body.expiresAt).getTime() - new Date(body.createdAt).getTime()).toBe(3600_000);
    const types = (await db.select().from(events).where(eq(events.streamId, body.id))).map((e) => e.type);
    expect(types).toEqual(["request.created", "policy.evaluated"]);
  });

  it("defaults environment to production", async () => {
    const { environment: _, ...withoutEnvironment } = sampleRequest;
    const body = await json(await postActionRequest(withoutEnvironment, { key: agent.apiKey }));
    expect(body.environment).toBe("production");
    expect(body.payloadDigest).toBe(payloadDigest({ ...withoutEnvironment, environment: "production" }));
  });

  it("masks secrets before storing them, while the digest covers the raw value", async () => {
    const secret = "AKIAQYLPMN5HFIQR7XYZ";
    const request = { ...sampleRequest, parameters: { accessKeyId: secret }, context: { note: `key ${secret}` } };
    const body = await json(await postActionRequest(request, { key: agent.apiKey }));
    expect(body.payloadDigest).toBe(payloadDigest(request));
    expect(JSON.stringify(body)).not.toContain(secret);
    const [row] = await db.select().from(actionRequests).where(eq(actionRequests.id, body.id));
    expect(JSON.stringify(row)).not.toContain(secret);
    const stored = await db.select().from(events).where(eq(events.streamId, body.id));
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(Object.values(body.masking as Record<string, number>).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(2);
  });

  it("masks credentials in the resource too, and the grant carries only the masked form", async () => {
    const request = { ...sampleRequest, resource: "postgres://report:Sup3r-S3cret-pw@prod-db.internal:5432/customers" };
    const body = await json(await postActionRequest(request, { key: agent.apiKey }));
    expect(body.resource).toMatch(/^postgres:\/\/report:\[password:[0-9a-f]{6}\]@prod-db\.internal:5432\/customers$/);
    expect(body.payloadDigest).toBe(payloadDigest(request));
    await approveActionRequest(newServiceContext(db, alice), body.id);
    const { grant } = await json(await getActionRequest(body.id, { key: agent.apiKey }));
    expect(Buffer.from(grant.split(".")[1], "base64url").toString()).not.toContain("Sup3r-S3cret-pw");
  });

  it("replays an identical retry with 200 and refuses the same key with a different body with 409", async () => {
    const first = await postActionRequest(sampleRequest, { key: agent.apiKey, idempotencyKey: "retry-1" });
    const again = await postActionRequest(sampleRequest, { key: agent.apiKey, idempotencyKey: "retry-1" });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect((await json(again)).id).toBe((await json(first)).id);
    const conflict = await postActionRequest({ ...sampleRequest, summary: "Something else" }, { key: agent.apiKey, idempotencyKey: "retry-1" });
    expect(conflict.status).toBe(409);
    expect(conflict.headers.get("content-type")).toBe("application/problem+json");
    const stored = await db.select().from(actionRequests).where(eq(actionRequests.agentId, agent.id));
    expect(stored.filter((r) => r.idempotencyKey === sha256Hex("retry-1"))).toHaveLength(1);
    expect(stored.some((r) => r.idempotencyKey === "retry-1")).toBe(false);
  });

  it("scopes idempotency keys per agent", async () => {
    const mine = await json(await postActionRequest(sampleRequest, { key: agent.apiKey, idempotencyKey: "shared-key" }));
    const theirs = await postActionRequest(sampleRequest, { key: otherAgent.apiKey, idempotencyKey: "shared-key" });
    expect(theirs.status).toBe(201);
    expect((await json(theirs)).id).not.toBe(mine.id);
  });

  it("names every invalid field in a problem+json and stores nothing", async () => {
    const before = await db.select().from(actionRequests);
    const response = await postActionRequest(
      { action: "", resource: 42, summary: "x".repeat(501), onBehalfOf: "not-an-email", change: { format: "docx" }, extra: true },
      { key: agent.apiKey },
    );
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const problem = await json(response);
    expect(problem).toMatchObject({ status: 400, title: "Invalid request" });
    expect(problem.requestId).toBeTruthy();
    const paths = (problem.errors as { path: string }[]).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["action", "resource", "summary", "onBehalfOf", "change.format", "extra"]));
    expect(await db.select().from(actionRequests)).toHaveLength(before.length);
  });

  it.each([
    ["a NUL character", { ...sampleRequest, context: { note: "a\u0000b" } }, "context.note"],
    ["a lone surrogate", { ...sampleRequest, parameters: { q: "\ud800x" } }, "parameters.q"],
    ["a __proto__ key", JSON.parse('{"action":"a","resource":"r","summary":"s","parameters":{"__proto__":{"x":1}}}'), "parameters.__proto__"],
    ["a blank summary", { ...sampleRequest, summary: "   " }, "summary"],
  ])("refuses %s with a 400 naming the field, instead of storing it altered", async (_, body, path) => {
    const response = await postActionRequest(body, { key: agent.apiKey });
    expect(response.status).toBe(400);
    expect((await json(response)).errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it("masks a secret used as a JSON key when an error names its path", async () => {
    const token = "ghp_R3aLlyN0tAT0kenButL00ksLik3One0a1b2c";
    // A token glued to a word (`MY_TOKEN_ghp_…`) is a token all the same.
    for (const key of [token, `MY_TOKEN_${token}`, `production${token}`]) {
      for (const body of [{ ...sampleRequest, context: { [key]: "a\u0000b" } }, { ...sampleRequest, [key]: true }]) {
        const response = await postActionRequest(body, { key: agent.apiKey });
        expect(response.status).toBe(400);
        const text = await response.text();
        expect(text).not.toContain(token.slice(4));
        expect(JSON.parse(text).errors[0].path).toMatch(/\[github_token:[0-9a-f]{6}\]/);
      }
    }
  });

  it("answers 413 for a body over 1 MiB, and stores nothing", async () => {
    const before = (await db.select().from(actionRequests)).length;
    const response = await postActionRequest({ ...sampleRequest, context: { blob: "x".repeat(1024 * 1024) } }, { key: agent.apiKey });
    expect(response.status).toBe(413);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await db.select().from(actionRequests)).toHaveLength(before);
  });

  it("answers unknown API paths with a problem+json 404", async () => {
    const response = await unknownApiPath(new Request("http://localhost:3999/api/v1/nothing-here"));
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
  });

  it("answers a method a real endpoint does not serve with a problem+json 405 naming the allowed one", async () => {
    const refusals = [
      [await listActionRequests(new Request("http://localhost:3999/api/v1/action-requests")), "POST", "POST, OPTIONS"],
      [await deleteActionRequest(new Request("http://localhost:3999/api/v1/action-requests/x", { method: "DELETE" })), "GET", "GET, HEAD, OPTIONS"],
    ] as const;
    for (const [response, allowed, allow] of refusals) {
      expect(response.status).toBe(405);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(response.headers.get("allow")).toBe(allow);
      expect((await json(response)).detail).toContain(allowed);
    }
  });

  it("requires the Idempotency-Key header", async () => {
    const response = await postActionRequest(sampleRequest, { key: agent.apiKey, idempotencyKey: null });
    expect(response.status).toBe(400);
    expect((await json(response)).errors).toEqual([expect.objectContaining({ path: "Idempotency-Key" })]);
  });

  it("refuses malformed JSON without echoing it", async () => {
    const response = await postActionRequest('{"action": "db.export", "password": "hunter2', { key: agent.apiKey });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toContain("not valid JSON");
    expect(text).not.toContain("hunter2");
  });

  it.each([
    ["no key", null],
    ["an unknown key", "cs_live_this-key-does-not-exist-0000000000000000"],
    ["a malformed key", "Basic abc"],
  ])("answers 401 problem+json for %s", async (_, key) => {
    const response = await postActionRequest(sampleRequest, { key });
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(response.headers.get("www-authenticate")).toContain("Bearer");
  });

  it("answers 401 once the agent is revoked", async () => {
    const doomed = await seedAgent(db);
    expect((await postActionRequest(sampleRequest, { key: doomed.apiKey })).status).toBe(201);
    await revokeAgent(newServiceContext(db, { kind: "system", id: "cli" }), doomed.id);
    expect((await postActionRequest(sampleRequest, { key: doomed.apiKey })).status).toBe(401);
    expect((await getActionRequest("00000000-0000-4000-8000-000000000000", { key: doomed.apiKey })).status).toBe(401);
  });
});

describe("GET /api/v1/action-requests/{id}", () => {
  it("returns the request as stored to its agent and 404 to any other agent", async () => {
    const created = await json(await postActionRequest(sampleRequest, { key: agent.apiKey }));
    const mine = await getActionRequest(created.id, { key: agent.apiKey });
    expect(mine.status).toBe(200);
    expect(await json(mine)).toMatchObject({ id: created.id, summary: sampleRequest.summary, decisions: [] });
    const theirs = await getActionRequest(created.id, { key: otherAgent.apiKey });
    expect(theirs.status).toBe(404);
    expect((await getActionRequest("not-a-uuid", { key: agent.apiKey })).status).toBe(404);
    expect((await getActionRequest(created.id, {})).status).toBe(401);
  });

  it("rejects a wait outside 0..60 seconds", async () => {
    const created = await json(await postActionRequest(sampleRequest, { key: agent.apiKey }));
    for (const wait of ["61", "-1", "soon"]) {
      const response = await getActionRequest(created.id, { key: agent.apiKey, wait });
      expect(response.status).toBe(400);
      expect((await json(response)).errors[0].path).toBe("wait");
    }
  });

  it("answers a long-poll with the still-pending request once its wait runs out", async () => {
    const created = await json(await postActionRequest(sampleRequest, { key: agent.apiKey }));
    const started = Date.now();
    const response = await getActionRequest(created.id, { key: agent.apiKey, wait: "1" });
    expect(response.status).toBe(200);
    expect((await json(response)).status).toBe("pending");
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("wakes a watch of the request when a decision commits, through PostgreSQL's NOTIFY", async () => {
    const created = await json(await postActionRequest(sampleRequest, { key: agent.apiKey }));
    const watch = await watchRequest(db, created.id);
    try {
      // Far beyond the test's own timeout: only the notification can end this wait in time.
      const woken = watch.changed(600_000);
      await approveActionRequest(newServiceContext(db, alice), created.id, "Looks right");
      await woken;
    } finally {
      watch.close();
    }
  });

  it("holds a long-poll open until a reviewer approves, then returns a grant that verifies against the JWKS", async () => {
    const created = await json(await postActionRequest(sampleRequest, { key: agent.apiKey }));
    const waiting = getActionRequest(created.id, { key: agent.apiKey, wait: "20" });
    await new Promise((r) => setTimeout(r, 300));
    await approveActionRequest(newServiceContext(db, alice), created.id, "Looks right");
    const body = await json(await waiting);
    expect(body.status).toBe("approved");
    expect(body.decisions).toEqual([expect.objectContaining({ decider: "alice@example.com", outcome: "approve", reason: "Looks right" })]);
    const { payload, protectedHeader } = await jwtVerify(body.grant, createLocalJWKSet(await getPublicJwks()));
    expect(protectedHeader.alg).toBe("EdDSA");
    expect(payload).toMatchObject({ sub: created.id, payloadDigest: payloadDigest(sampleRequest), approvers: ["alice@example.com"] });
    expect(payload.exp).toBeGreaterThan(Date.now() / 1000);
  });
});

describe("POST /api/v1/action-requests/{id}/cancel", () => {
  it("cancels a pending request once, and only for its agent", async () => {
    const created = await json(await postActionRequest(sampleRequest, { key: agent.apiKey }));
    expect((await cancelActionRequest(created.id, { key: otherAgent.apiKey })).status).toBe(404);
    const cancelled = await cancelActionRequest(created.id, { key: agent.apiKey });
    expect(cancelled.status).toBe(200);
    expect((await json(cancelled)).status).toBe("cancelled");
    const again = await cancelActionRequest(created.id, { key: agent.apiKey });
    expect(again.status).toBe(409);
    expect((await json(again)).detail).toContain("cancelled");
  });

  it("refuses a request past its expiry even before the sweep has marked it expired", async () => {
    // The log is the truth, so the request really lapses: a policy version with a one-second time to
    // live governs it, and the next version restores the one in force.
    const current = await loadCurrentPolicy(db);
    await installPolicy(db, quorumDocument(1, "1s"));
    const created = await json(await postActionRequest(sampleRequest, { key: agent.apiKey }));
    await installPolicy(db, current.document);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const refused = await cancelActionRequest(created.id, { key: agent.apiKey });
    expect(refused.status).toBe(409);
    expect((await json(refused)).detail).toContain("expired");
    expect((await db.select().from(actionRequests).where(eq(actionRequests.id, created.id)))[0]?.status).toBe("pending");
  });
});

describe("POST /api/v1/action-requests/{id}/execution", () => {
  it("accepts one report with the request's own grant and refuses everything else", async () => {
    const created = await json(await postActionRequest(sampleRequest, { key: agent.apiKey }));
    expect((await reportExecution(created.id, { outcome: "succeeded", grant: "x.y.z" }, { key: agent.apiKey })).status).toBe(409);
    await approveActionRequest(newServiceContext(db, alice), created.id);
    const { grant } = await json(await getActionRequest(created.id, { key: agent.apiKey }));

    const other = await json(await postActionRequest({ ...sampleRequest, summary: "Another" }, { key: agent.apiKey }));
    await approveActionRequest(newServiceContext(db, alice), other.id);
    const { grant: otherGrant } = await json(await getActionRequest(other.id, { key: agent.apiKey }));

    const swapped = await reportExecution(created.id, { outcome: "succeeded", grant: otherGrant }, { key: agent.apiKey });
    expect(swapped.status).toBe(400);
    expect((await json(swapped)).type).toContain("invalid-grant");
    const tampered = grant.slice(0, -4) + (grant.endsWith("AAAA") ? "BBBB" : "AAAA");
    expect((await reportExecution(created.id, { outcome: "succeeded", grant: tampered }, { key: agent.apiKey })).status).toBe(400);
    expect((await reportExecution(created.id, { outcome: "succeeded", grant }, { key: otherAgent.apiKey })).status).toBe(404);
    expect((await reportExecution(created.id, { outcome: "maybe", grant }, { key: agent.apiKey })).status).toBe(400);

    const ok = await reportExecution(created.id, { outcome: "succeeded", detail: "exported 1204 rows", grant }, { key: agent.apiKey });
    expect(ok.status).toBe(200);
    expect(await json(ok)).toMatchObject({ status: "executed", execution: { outcome: "succeeded", detail: "exported 1204 rows" } });
    const twice = await reportExecution(created.id, { outcome: "failed", grant }, { key: agent.apiKey });
    expect(twice.status).toBe(409);
    const types = (await db.select().from(events).where(eq(events.streamId, created.id))).map((e) => e.type);
    expect(types.filter((t) => t === "execution.reported")).toHaveLength(1);
  });
});

describe("every agent route refuses callers without a valid key", () => {
  const routes = {
    create: (key: string | null) => postActionRequest(sampleRequest, { key }),
    read: (key: string | null, id: string) => getActionRequest(id, { key }),
    cancel: (key: string | null, id: string) => cancelActionRequest(id, { key }),
    execution: (key: string | null, id: string) => reportExecution(id, { outcome: "succeeded", grant: "x" }, { key }),
  };

  it.each(Object.keys(routes) as (keyof typeof routes)[])("%s: 401 for no key, an unknown key and a revoked key", async (route) => {
    const revoked = await seedAgent(db);
    const { id } = await json(await postActionRequest(sampleRequest, { key: revoked.apiKey }));
    await revokeAgent(newServiceContext(db, { kind: "system", id: "cli" }), revoked.id);
    const eventsBefore = await db.select().from(events).where(eq(events.streamId, id));
    for (const key of [null, "cs_live_unknown-key-0000000000000000000000000000", revoked.apiKey]) {
      const response = await routes[route](key, id);
      expect(response.status).toBe(401);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
    }
    // The revocation settled it; the refused calls changed nothing after that.
    expect((await db.select().from(actionRequests).where(eq(actionRequests.id, id)))[0]?.status).toBe("cancelled");
    expect(await db.select().from(events).where(eq(events.streamId, id))).toEqual(eventsBefore);
  });
});
