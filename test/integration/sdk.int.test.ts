import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "../../db/client";
import { actionRequests, events } from "../../db/schema";
import type { NoteSigner } from "../../lib/domain/merkle/checkpoint";
import { approveActionRequest } from "../../lib/services/approve-action-request";
import { publishCheckpoint } from "../../lib/services/publish-checkpoint";
import { rejectActionRequest } from "../../lib/services/reject-action-request";
import { sealEvents } from "../../lib/services/seal-events";
import { newServiceContext } from "../../lib/services/service-context";
import { Countersign, DeniedError, ProblemError, VerificationError } from "../../packages/sdk/src/index";
import { agentApiFetch as handlers, waitForRequestId } from "./agent-api-fetch";
import { alice, seedAgent, type SeededAgent } from "./fixtures";
import { sealerDatabase, TEST_APP_URL, useTestDatabase } from "./test-database";

vi.stubEnv("AGENT_RATE_LIMIT", "0");
vi.stubEnv("AGENT_MAX_PENDING", "0");
afterAll(() => vi.unstubAllEnvs());

const { privateKey, publicKey } = generateKeyPairSync("ed25519");
const signer: NoteSigner = { name: "countersign.test/log", privateKey, publicKey };
const checkpointKey = { origin: signer.name, jwk: publicKey.export({ format: "jwk" }) as { kty: string; crv: string; x: string } };
const sink = mkdtempSync(path.join(os.tmpdir(), "countersign-sdk-sink-"));

let db: Database;
let agent: SeededAgent;
beforeAll(async () => {
  db = await useTestDatabase();
  agent = await seedAgent(db);
});

// The server publishes the log's key in its JWKS (use "checkpoint"), which is where the SDK finds it.
vi.stubEnv("CHECKPOINT_PUBLIC_KEY", JSON.stringify(checkpointKey.jwk));
vi.stubEnv("CHECKPOINT_ORIGIN", signer.name);

const sdk = (fetch: typeof globalThis.fetch = handlers) => new Countersign({ baseUrl: TEST_APP_URL, apiKey: agent.apiKey, fetch, retry: { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 } });
const exportBody = (summary: string) => ({
  action: "db.export",
  resource: "postgres://prod-db/customers",
  summary,
  reasoning: "The analyst asked for a churn list.",
  parameters: { sql: "COPY (SELECT id FROM customers WHERE churned) TO STDOUT", format: "csv" },
  context: { ticket: "OPS-1234" },
});

const requestIdOf = (summary: string) => waitForRequestId(db, agent.id, summary);

const executionEvents = async (id: string) => (await db.select().from(events).where(and(eq(events.streamId, id), eq(events.type, "execution.reported")))).map((e) => e.data as Record<string, unknown>);

describe("the agents' SDK against the real API", () => {
  it("guard: waits while a reviewer decides, verifies the real grant, runs the exact parameters, reports success", async () => {
    const body = exportBody("SDK guard approved");
    let ranWith: unknown;
    const guarded = sdk().guard(body, async (parameters) => {
      ranWith = parameters;
      return "42 rows";
    });
    const id = await requestIdOf(body.summary);
    await approveActionRequest(newServiceContext(db, alice), id, "Read-only, fine");
    expect(await guarded).toBe("42 rows");
    expect(ranWith).toEqual(body.parameters);
    const [row] = await db.select().from(actionRequests).where(eq(actionRequests.id, id));
    expect(row!.status).toBe("executed");
    expect(await executionEvents(id)).toEqual([expect.objectContaining({ outcome: "succeeded" })]);
  });

  it("guard: a callback that throws is reported failed with its error, and the error reaches the caller", async () => {
    const body = exportBody("SDK guard failing");
    const guarded = sdk().guard(body, () => {
      throw new Error("connection reset by prod-db");
    });
    await approveActionRequest(newServiceContext(db, alice), await requestIdOf(body.summary));
    await expect(guarded).rejects.toThrow("connection reset by prod-db");
    const id = await requestIdOf(body.summary);
    expect(await executionEvents(id)).toEqual([expect.objectContaining({ outcome: "failed", detail: "Error: connection reset by prod-db" })]);
    expect((await db.select().from(actionRequests).where(eq(actionRequests.id, id)))[0]!.status).toBe("failed");
  });

  it("guard: a rejection throws DeniedError with the reviewer's reason and runs nothing", async () => {
    const body = exportBody("SDK guard rejected");
    let ran = false;
    const guarded = sdk().guard(body, () => (ran = true));
    await rejectActionRequest(newServiceContext(db, alice), await requestIdOf(body.summary), "Not during the freeze");
    const error = await guarded.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeniedError);
    expect(error).toMatchObject({ status: "rejected", reason: "Not during the freeze" });
    expect(ran).toBe(false);
  });

  it("a retry after a lost answer and a 503 returns the original request: the server holds exactly one", async () => {
    const body = exportBody("SDK retried create");
    let posts = 0;
    const flaky: typeof fetch = async (input, init) => {
      if (init?.method !== "POST" || !String(input).endsWith("/api/v1/action-requests")) return handlers(input, init);
      posts += 1;
      if (posts === 1) {
        await handlers(input, init); // the server creates it; the answer is lost on the way back
        throw new TypeError("fetch failed: socket hang up");
      }
      if (posts === 2) return Response.json({ type: "about:blank", title: "Service Unavailable", status: 503 }, { status: 503 });
      return handlers(input, init);
    };
    const ticket = await sdk(flaky).request(body);
    expect(posts).toBe(3);
    const rows = await db.select().from(actionRequests).where(and(eq(actionRequests.agentId, agent.id), eq(actionRequests.summary, body.summary)));
    expect(rows.map((r) => r.id)).toEqual([ticket.id]);
  });

  it("refuses the real grant for any payload but the approved one, and for another request", async () => {
    const body = exportBody("SDK swapped payload");
    const cs = sdk();
    const ticket = await cs.request(body);
    await approveActionRequest(newServiceContext(db, alice), ticket.id);
    const { grant } = await ticket.wait();
    const approved = { action: body.action, resource: body.resource, environment: "production", parameters: body.parameters };
    await expect(cs.verifyGrant(grant!, ticket.id, approved)).resolves.toMatchObject({ sub: ticket.id });
    await expect(cs.verifyGrant(grant!, ticket.id, { ...approved, parameters: { ...body.parameters, sql: "COPY (SELECT * FROM customers) TO STDOUT" } })).rejects.toBeInstanceOf(VerificationError);
    await expect(cs.verifyGrant(grant!, agent.id, approved)).rejects.toBeInstanceOf(VerificationError);
    // A ticket holding another payload than the one sent never yields the grant.
    await expect(cs.ticket(ticket.created, { ...approved, resource: "postgres://prod-db/payments" }).wait()).rejects.toBeInstanceOf(VerificationError);
  });

  it("get resumes a request by id in another client: with the payload, the grant is checked against it; without, against the server's digest, and says so", async () => {
    const body = exportBody("SDK resumed by id");
    const ticket = await sdk().request(body);
    await approveActionRequest(newServiceContext(db, alice), ticket.id);
    const approved = { action: body.action, resource: body.resource, environment: "production", parameters: body.parameters };

    const withPayload = await sdk().get(ticket.id, { payload: approved });
    expect(withPayload.payload).toEqual(approved);
    expect(await withPayload.wait()).toMatchObject({ status: "approved", payloadVerified: true, claims: { sub: ticket.id } });

    const byIdOnly = await sdk().get(ticket.id);
    expect(byIdOnly.payload).toBeUndefined();
    const decision = await byIdOnly.wait();
    expect(decision).toMatchObject({ status: "approved", payloadVerified: false, claims: { payloadDigest: ticket.payloadDigest } });

    // Another payload than the request's is refused before any wait; another agent's request is a 404.
    await expect(sdk().get(ticket.id, { payload: { ...approved, parameters: { sql: "COPY customers TO STDOUT" } } })).rejects.toBeInstanceOf(VerificationError);
    const stranger = await seedAgent(db);
    const strangers = new Countersign({ baseUrl: TEST_APP_URL, apiKey: stranger.apiKey, fetch: handlers });
    await expect(strangers.get(ticket.id)).rejects.toMatchObject({ status: 404 });

    await byIdOnly.report("succeeded", "resumed elsewhere", decision.grant!);
    expect(await executionEvents(ticket.id)).toEqual([expect.objectContaining({ outcome: "succeeded", detail: "resumed elsewhere" })]);
  });

  it("surfaces the API's refusals as ProblemError with the problem+json, without the key", async () => {
    const error = await sdk().request({ action: "db.export", resource: "x", summary: "   " }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemError);
    expect((error as ProblemError).problem).toMatchObject({ status: 400, errors: [expect.objectContaining({ path: "summary" })] });
    expect(JSON.stringify((error as ProblemError).problem) + (error as Error).message).not.toContain(agent.apiKey);
  });

  it("receipt: waits for the log to seal, then proves the request's events in the signed checkpoint", async () => {
    const body = exportBody("SDK receipt");
    const cs = sdk();
    const ticket = await cs.request(body);
    await approveActionRequest(newServiceContext(db, alice), ticket.id);
    await ticket.wait();
    const sealing = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      while ((await sealEvents(sealerDatabase())) > 0);
      await publishCheckpoint(sealerDatabase(), signer, sink);
    })();
    const receipt = await ticket.receipt({ timeoutMs: 20_000 });
    await sealing;
    expect(receipt.signedBy).toBe(signer.name);
    expect(receipt.entries.map((e) => e.event.type)).toEqual(expect.arrayContaining(["request.created", "grant.issued"]));
    // The same receipt checked against another log's key is refused.
    const stranger = generateKeyPairSync("ed25519").publicKey.export({ format: "jwk" }) as { kty: string; crv: string; x: string };
    const other = new Countersign({ baseUrl: TEST_APP_URL, apiKey: agent.apiKey, fetch: handlers, checkpointKey: { origin: signer.name, jwk: stranger } });
    await expect(other.ticket(ticket.created, { ...body, environment: "production" }).receipt()).rejects.toBeInstanceOf(VerificationError);
  });
});
