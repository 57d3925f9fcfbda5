import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { assert, beforeAll, describe, expect, it } from "vitest";
import { and, desc, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { actionRequests, decisions, events, grants, policies } from "../../db/schema";
import { parsePolicyYaml } from "../../lib/domain/policy/parse-document";
import { approveActionRequest } from "../../lib/services/approve-action-request";
import type { ServiceError } from "../../lib/services/errors";
import { getRequestDetail } from "../../lib/services/get-request-detail";
import { DEFAULT_POLICY_ID, loadCurrentPolicy } from "../../lib/services/load-policy";
import { rejectActionRequest } from "../../lib/services/reject-action-request";
import { newServiceContext } from "../../lib/services/service-context";
import { postActionRequest } from "./api-client";
import { alice, bob, dave, erin, installPolicy, quorumDocument, sampleRequest, seedAgent, submitSample, user, type SeededAgent } from "./fixtures";
import { useTestDatabase } from "./test-database";
import { CONTRACT_YAML } from "../../lib/domain/policy/test-documents";
import { runCli } from "./run-cli";

const frank = user("frank@example.com", ["admins"]);
const grace = user("grace@example.com", ["security"]);

let db: Database;
let agent: SeededAgent;

beforeAll(async () => {
  db = await useTestDatabase();
  agent = await seedAgent(db);
  const parsed = parsePolicyYaml(CONTRACT_YAML);
  assert(parsed.ok);
  await installPolicy(db, parsed.document);
});

const post = async (overrides: Partial<typeof sampleRequest>) => {
  const response = await postActionRequest({ ...sampleRequest, ...overrides }, { key: agent.apiKey });
  return { status: response.status, body: await response.json() };
};
const refusal = (promise: Promise<unknown>) => promise.then(() => assert.fail("expected a refusal"), (error: unknown) => error as ServiceError);

describe("the policy decides each submission through the API", () => {
  it("denies with the rule's message: 201, rejected, decided by the policy", async () => {
    const { status, body } = await post({ action: "db.drop_database", environment: "staging" });
    expect(status).toBe(201);
    expect(body).toMatchObject({ status: "rejected", policy: { rule: "no drops through agents", requiredApprovals: 0, stages: [] } });
    expect(body.decisions).toEqual([expect.objectContaining({ kind: "policy", outcome: "reject", reason: "Dropping databases is not allowed through agents." })]);
    expect(body.grant).toBeUndefined();
  });

  it("auto-approves with a grant", async () => {
    const { status, body } = await post({ action: "db.read", environment: "staging" });
    expect(status).toBe(201);
    expect(body).toMatchObject({ status: "approved", policy: { rule: "staging reads run at once" } });
    expect(body.grant.split(".")).toHaveLength(3);
  });

  it("requires people with the rule's stages and time to live, and the request page explains the match", async () => {
    const { status, body } = await post({ action: "iam.role.attach", environment: "production" });
    expect(status).toBe(201);
    expect(body).toMatchObject({
      status: "pending",
      policy: { rule: "IAM in production needs two people, then security", requiredApprovals: 3, stages: [{ approvals: 2, groups: ["reviewers"] }, { approvals: 1, groups: ["security"] }] },
    });
    expect(Date.parse(body.expiresAt) - Date.parse(body.createdAt)).toBe(2 * 3600 * 1000);
    const detail = await getRequestDetail(db, alice, body.id);
    expect(detail.policy.explanation).toBe(
      'Rule "IAM in production needs two people, then security" requires 2 approvals from distinct people in reviewers, then one approval from security; expires after 2 hours. Risk signals: production.',
    );
  });

  it("falls back to the default", async () => {
    const { body } = await post({ action: "db.export", environment: "production" });
    expect(body).toMatchObject({ status: "pending", policy: { rule: "default", requiredApprovals: 1, stages: [{ approvals: 1, groups: ["reviewers"] }] } });
  });
});

describe("a two-stage policy", () => {
  it("takes two reviewers, then one from security, in order; refuses out-of-stage, the owner and a second vote", async () => {
    const { id } = await submitSample(db, agent, { action: "iam.policy.put", environment: "production" });
    const approve = (actor: typeof alice) => approveActionRequest(newServiceContext(db, actor), id);

    expect(await refusal(approve(grace))).toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("stage 1 of 2, which only members of reviewers") });
    expect(await refusal(approve(erin))).toMatchObject({ code: "SEPARATION_OF_DUTIES", message: expect.stringContaining("own the agent") });
    expect(await approve(alice)).toMatchObject({ status: "pending", approvals: 1, requiredApprovals: 3 });
    expect(await refusal(approve(alice))).toMatchObject({ code: "SEPARATION_OF_DUTIES", message: expect.stringContaining("counts once") });
    expect(await refusal(approve(grace))).toMatchObject({ code: "FORBIDDEN" });
    expect(await approve(bob)).toMatchObject({ status: "pending", approvals: 2 });
    expect(await refusal(approve(user("zoe@example.com", ["reviewers"])))).toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("stage 2 of 2, which only members of security") });
    expect((await getRequestDetail(db, alice, id)).policy.progress).toEqual({
      stages: [{ approvals: 2, groups: ["reviewers"], received: 2 }, { approvals: 1, groups: ["security"], received: 0 }],
      current: 1,
    });
    expect(await approve(grace)).toMatchObject({ status: "approved", approvals: 3 });
    expect(await db.select().from(grants).where(eq(grants.requestId, id))).toHaveLength(1);
    const stages = (await db.select().from(events).where(and(eq(events.streamId, id), eq(events.type, "decision.approved"))).orderBy(events.id)).map((e) => (e.data as { stage: number }).stage);
    expect(stages).toEqual([1, 1, 2]);
  });

  it("honours a rule's reason requirement", async () => {
    const parsed = parsePolicyYaml(`${CONTRACT_YAML.replace("    ttl: 2h\n", "    ttl: 2h\n    reasonRequired: [approve]\n")}`);
    assert(parsed.ok);
    const previous = await loadCurrentPolicy(db);
    await installPolicy(db, parsed.document);
    try {
      const { id } = await submitSample(db, agent, { action: "iam.policy.put", environment: "production" });
      expect(await refusal(approveActionRequest(newServiceContext(db, alice), id))).toMatchObject({ code: "VALIDATION", message: expect.stringContaining("requires a reason to approve") });
      expect(await approveActionRequest(newServiceContext(db, alice), id, "checked the diff")).toMatchObject({ approvals: 1 });
    } finally {
      await installPolicy(db, previous.document);
    }
  });
});

describe("a rule with a step-up", () => {
  it("takes a decision only from someone who authenticated within its minutes, and records that authentication with it", async () => {
    const parsed = parsePolicyYaml(CONTRACT_YAML.replace("    ttl: 2h\n", "    ttl: 2h\n    stepUp: 15\n"));
    assert(parsed.ok);
    const previous = await loadCurrentPolicy(db);
    await installPolicy(db, parsed.document);
    try {
      const { id } = await submitSample(db, agent, { action: "iam.policy.put", environment: "production" });
      const signedIn = (minutesAgo: number) => ({ ...alice, authentication: { time: new Date(Date.now() - minutesAgo * 60_000), methods: ["pwd"], contextClass: null } });
      expect(await refusal(approveActionRequest(newServiceContext(db, signedIn(30)), id))).toMatchObject({ code: "STEP_UP_REQUIRED" });
      // The page offers the decision all the same: the click sends them through the IdP first.
      expect(await getRequestDetail(db, signedIn(30), id)).toMatchObject({
        policy: { stepUpMinutes: 15 },
        viewer: { canDecide: false, stepUpRequired: true, reason: expect.stringContaining("signed in within the last 15 minutes") },
      });
      expect((await getRequestDetail(db, bob, id)).viewer).toMatchObject({ canDecide: false, stepUpRequired: true });
      const fresh = signedIn(1);
      expect(await approveActionRequest(newServiceContext(db, fresh), id)).toMatchObject({ approvals: 1 });
      const [approved] = await db.select().from(events).where(and(eq(events.streamId, id), eq(events.type, "decision.approved")));
      expect(approved?.actor).toMatchObject({ id: alice.email, authentication: { time: fresh.authentication.time.toISOString(), methods: ["pwd"], contextClass: null } });
    } finally {
      await installPolicy(db, previous.document);
    }
  });
});

describe("concurrency on real PostgreSQL", () => {
  it("20 simultaneous approvals of a request that needs 2 yield exactly 2 decisions and one grant", async () => {
    const previous = await loadCurrentPolicy(db);
    await installPolicy(db, quorumDocument(2));
    try {
      const { id } = await submitSample(db, agent);
      const reviewers = Array.from({ length: 20 }, (_, i) => user(`reviewer-${i}@example.com`, ["reviewers"]));
      const results = await Promise.allSettled(reviewers.map((reviewer) => approveActionRequest(newServiceContext(db, reviewer), id)));
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
      expect(await db.select().from(decisions).where(eq(decisions.requestId, id))).toHaveLength(2);
      expect(await db.select().from(grants).where(eq(grants.requestId, id))).toHaveLength(1);
      expect((await db.select().from(events).where(and(eq(events.streamId, id), eq(events.type, "grant.issued"))))).toHaveLength(1);
    } finally {
      await installPolicy(db, previous.document);
    }
  });
});

const cliDataDir = mkdtempSync(path.join(os.tmpdir(), "countersign-policy-cli-"));

const cli = (args: string[]) => runCli(args, { env: { ...process.env, COUNTERSIGN_DATA_DIR: cliDataDir } });

describe("a policy change", () => {
  it("is proposed through the CLI, refused to its author and to a reviewer, takes effect when another administrator approves it", async () => {
    const file = path.join(cliDataDir, "policy.yaml");
    writeFileSync(file, CONTRACT_YAML.replace(/^rules:.*\n/m, "rules:\n  - name: no exports\n    match: { action: db.export }\n    outcome: deny\n    message: Exports are closed.\n"));
    const before = await loadCurrentPolicy(db);

    const proposed = await cli(["policies", "propose", file, "--author", "Dave@Example.com"]);
    expect(proposed.stderr).toBe("");
    expect(proposed.code).toBe(0);
    const change = JSON.parse(proposed.stdout.trim().split("\n").pop()!);
    expect(change).toMatchObject({ id: expect.any(String), status: "pending" });
    // Nothing changes until it is approved.
    expect((await loadCurrentPolicy(db)).version).toBe(before.version);

    const detail = await getRequestDetail(db, dave, change.id);
    expect(detail.viewer).toEqual({
      canDecide: false,
      reason: "You proposed this policy change, so another administrator must approve it.",
      stepUpRequired: false,
      canComment: true,
      lastSeenEventId: null,
      breakGlass: null,
      confirmBreakGlass: null,
    });
    expect(await refusal(approveActionRequest(newServiceContext(db, dave), change.id))).toMatchObject({ code: "SEPARATION_OF_DUTIES" });
    expect(await refusal(approveActionRequest(newServiceContext(db, alice), change.id))).toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("admins") });
    expect((await getRequestDetail(db, frank, change.id)).viewer.canDecide).toBe(true);
    expect(await approveActionRequest(newServiceContext(db, frank), change.id)).toMatchObject({ status: "approved" });

    const after = await loadCurrentPolicy(db);
    expect(after.version).toBe(before.version + 1);
    expect(after.document.rules[0]).toMatchObject({ name: "no exports", outcome: "deny" });
    const [changed] = await db.select().from(events).where(and(eq(events.streamId, DEFAULT_POLICY_ID), eq(events.type, "policy.changed"))).orderBy(desc(events.id)).limit(1);
    expect(changed?.actor).toMatchObject({ kind: "user", id: "frank@example.com" });
    expect(changed?.data).toMatchObject({ version: after.version, changeRequestId: change.id, proposedBy: "dave@example.com", approvers: ["frank@example.com"] });

    const next = await post({ action: "db.export" });
    expect(next.body).toMatchObject({ status: "rejected", policy: { version: after.version, rule: "no exports" } });
    expect(next.body.decisions[0].reason).toBe("Exports are closed.");

    const shown = await cli(["policies", "show"]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain("name: no exports");
  });

  it("can be rejected, with a reason, and then changes nothing", async () => {
    const file = path.join(cliDataDir, "rejected.yaml");
    writeFileSync(file, "name: Everything at once\ndefault: { outcome: auto-approve, acknowledge: production-auto-approve }\n");
    const before = await loadCurrentPolicy(db);
    const proposed = await cli(["policies", "propose", file, "--author", "dave@example.com"]);
    const change = JSON.parse(proposed.stdout.trim().split("\n").pop()!);
    await rejectActionRequest(newServiceContext(db, frank), change.id, "Too broad");
    expect((await loadCurrentPolicy(db)).version).toBe(before.version);
    expect((await db.select().from(actionRequests).where(eq(actionRequests.id, change.id)))[0]?.status).toBe("rejected");
  });

  it("refuses an invalid document, naming the line and field of each error, and creates nothing", async () => {
    const file = path.join(cliDataDir, "invalid.yaml");
    writeFileSync(file, "name: Broken\nrules:\n  - name: two stages\n    outcome: require\n    stages:\n      - { approvals: 0, groups: [reviewers] }\n");
    const count = async () => (await db.select().from(actionRequests)).length;
    const requests = await count();
    const policyRows = (await db.select().from(policies)).length;
    const result = await cli(["policies", "propose", file, "--author", "dave@example.com"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("line 6, rules[0].stages[0].approvals: must be at least 1");
    expect(result.stderr).toMatch(/default/);
    expect(await count()).toBe(requests);
    expect((await db.select().from(policies)).length).toBe(policyRows);
  });
});

describe("an agent that sends the reserved action itself", () => {
  it("changes no policy when its request is approved", async () => {
    const before = await loadCurrentPolicy(db);
    const { id } = await submitSample(db, agent, { action: "countersign.policy.change", parameters: { document: { name: "Sneaky", default: { outcome: "auto-approve" } } } as never });
    await approveActionRequest(newServiceContext(db, alice), id);
    expect((await loadCurrentPolicy(db)).version).toBe(before.version);
  });
});
