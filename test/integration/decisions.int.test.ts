import { newServiceContext } from "../../lib/services/service-context";
import { beforeAll, describe, expect, it } from "vitest";
import { desc, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { actionRequests, decisions, events } from "../../db/schema";
import { approveActionRequest } from "../../lib/services/approve-action-request";
import { createAgent } from "../../lib/services/create-agent";
import { ServiceError } from "../../lib/services/errors";
import { expirePendingRequests } from "../../lib/services/expire-pending-requests";
import { rejectActionRequest } from "../../lib/services/reject-action-request";
import { alice, bob, carol, dave, erin, seedAgent, submitSample, user, type SeededAgent } from "./fixtures";
import { useTestDatabase } from "./test-database";

let db: Database;
let agent: SeededAgent;

beforeAll(async () => {
  db = await useTestDatabase();
  agent = await seedAgent(db);
});

const submit = async (overrides: Parameters<typeof submitSample>[2] = {}) => (await submitSample(db, agent, overrides)).id;

async function refusal(promise: Promise<unknown>): Promise<ServiceError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ServiceError);
  return error as ServiceError;
}

describe("separation of duties, enforced by the verb", () => {
  it("refuses the agent's owner, and records nothing", async () => {
    const id = await submit();
    const error = await refusal(approveActionRequest(newServiceContext(db, erin), id));
    expect(error.code).toBe("SEPARATION_OF_DUTIES");
    expect(error.message).toContain("own the agent");
    expect(await db.select().from(decisions).where(eq(decisions.requestId, id))).toHaveLength(0);
    expect((await db.select().from(events).where(eq(events.streamId, id))).map((e) => e.type)).not.toContain("decision.approved");
  });

  it("refuses the person the request was made on behalf of, in any letter case", async () => {
    const id = await submit({ onBehalfOf: "Bob@Example.com" });
    expect((await refusal(approveActionRequest(newServiceContext(db, bob), id))).code).toBe("SEPARATION_OF_DUTIES");
    await approveActionRequest(newServiceContext(db, alice), id);
  });

  it("accepts only an email as onBehalfOf, the one value kept in clear, whichever path submits it", async () => {
    const before = (await db.select().from(actionRequests)).length;
    const error = await refusal(submit({ onBehalfOf: "ghp_R3aLlyN0tAT0kenButL00ksLik3One0a1b2c" }));
    expect(error.code).toBe("VALIDATION");
    expect((await db.select().from(actionRequests)).length).toBe(before);
  });

  it("refuses auditors and people outside the approver groups", async () => {
    const id = await submit();
    expect((await refusal(approveActionRequest(newServiceContext(db, carol), id))).message).toContain("read-only");
    expect((await refusal(approveActionRequest(newServiceContext(db, dave), id))).message).toContain("reviewers");
    expect((await refusal(approveActionRequest(newServiceContext(db, user("mallory@example.com", [])), id))).code).toBe("FORBIDDEN");
  });

  it("refuses a decision on a request that is no longer pending, saying why", async () => {
    const id = await submit();
    await rejectActionRequest(newServiceContext(db, alice), id, "Not during the freeze");
    const error = await refusal(approveActionRequest(newServiceContext(db, bob), id));
    expect(error.code).toBe("INVALID_STATE");
    expect(error.message).toContain("rejected");
  });

  it("needs a reason to reject", async () => {
    const id = await submit();
    expect((await refusal(rejectActionRequest(newServiceContext(db, alice), id, "   "))).code).toBe("VALIDATION");
    expect((await db.select().from(actionRequests).where(eq(actionRequests.id, id)))[0]?.status).toBe("pending");
  });

  it("answers NOT_FOUND for an unknown or malformed id", async () => {
    expect((await refusal(approveActionRequest(newServiceContext(db, alice), "00000000-0000-4000-8000-00000000dead"))).code).toBe("NOT_FOUND");
    expect((await refusal(approveActionRequest(newServiceContext(db, alice), "'; drop table events; --"))).code).toBe("NOT_FOUND");
  });
});

describe("masking of what people type", () => {
  it("masks a secret in a rejection reason and records the kinds masked on the event, never the value", async () => {
    const id = await submit();
    await rejectActionRequest(newServiceContext(db, alice), id, "It would run with DB_PASSWORD=Sup3r-S3cret-pw in the clear");
    const [decision] = await db.select().from(decisions).where(eq(decisions.requestId, id));
    expect(decision?.reason).toMatch(/DB_PASSWORD=\[password:[0-9a-f]{6}\]/);
    const [event] = await db.select().from(events).where(eq(events.type, "decision.rejected")).orderBy(desc(events.id)).limit(1);
    expect(JSON.stringify(event)).not.toContain("Sup3r-S3cret-pw");
    expect(event?.data.masking).toMatchObject({ counts: { password: 1 }, engineVersion: expect.any(String) });
  });
});

describe("agents", () => {
  it("refuses a name that masking would alter, naming the field", async () => {
    const error = await refusal(createAgent(newServiceContext(db, { kind: "system", id: "cli" }), { name: "ghp_R3aLlyN0tAT0kenButL00ksLik3One0a1b2c", ownerEmail: "erin@example.com" }));
    expect(error.code).toBe("VALIDATION");
    expect(error.fields?.[0]?.path).toBe("name");
    expect(error.message).not.toContain("ghp_");
  });
});

describe("expiry", () => {
  it("expires overdue pending requests without anyone looking, and decisions are refused after", async () => {
    const id = await submit();
    const later = new Date(Date.now() + 3 * 3600_000);
    expect(await expirePendingRequests(newServiceContext(db, { kind: "system", id: "worker" }, later))).toBeGreaterThanOrEqual(1);
    expect((await db.select().from(actionRequests).where(eq(actionRequests.id, id)))[0]?.status).toBe("expired");
    expect((await db.select().from(events).where(eq(events.streamId, id))).map((e) => e.type)).toContain("request.expired");
    expect((await refusal(approveActionRequest(newServiceContext(db, alice), id))).code).toBe("INVALID_STATE");
    expect(await expirePendingRequests(newServiceContext(db, { kind: "system", id: "worker" }, later))).toBe(0);
  });
});
