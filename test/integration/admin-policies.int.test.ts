import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { actionRequests } from "../../db/schema";
import { countersignAdapter, hashSessionToken } from "../../lib/auth/adapter";
import type { UserActor } from "../../lib/domain/actor";
import { POLICY_CHANGE_AGENT } from "../../lib/domain/policy/policy-change";
import { approveActionRequest } from "../../lib/services/approve-action-request";
import { checkPolicyDraft } from "../../lib/services/check-policy-draft";
import { listRoleHolders } from "../../lib/services/list-role-holders";
import { loadCurrentPolicy } from "../../lib/services/load-policy";
import { proposePolicyChange } from "../../lib/services/propose-policy-change";
import { readPolicyVersions } from "../../lib/services/read-policy-versions";
import { recordSignIn } from "../../lib/services/record-sign-in";
import { newServiceContext } from "../../lib/services/service-context";
import { trialPolicyDraft } from "../../lib/services/trial-policy-draft";
import { alice, carol, dave, seedAgent, submitSample, user, type SeededAgent } from "./fixtures";
import { useTestDatabase } from "./test-database";

const frank = user("frank@example.com", ["admins"]);

/** The shipped default plus a rule that denies production exports: what the console's editor would hold. */
const DENY_EXPORTS = `name: No production exports
rules:
  - name: no production exports
    match: { action: "db.export", environment: production }
    outcome: deny
    message: Exports from production are not allowed.
default:
  outcome: require
  stages: [ { approvals: 1, groups: [reviewers] } ]
  ttl: 1h
`;

let db: Database;
let agent: SeededAgent;
const as = (actor: UserActor) => newServiceContext(db, actor);

/** A real sign-in as Auth.js records it: the user, a session, then recordSignIn (groups and the `user.signed_in` event). */
async function signIn(person: UserActor): Promise<void> {
  const adapter = countersignAdapter(db);
  const existing = await adapter.getUserByEmail!(person.email);
  const userId = existing?.id ?? (await adapter.createUser!({ id: randomUUID(), email: person.email, emailVerified: null, name: person.name })).id;
  const token = randomUUID();
  await adapter.createSession!({ sessionToken: token, userId, expires: new Date(Date.now() + 60_000) });
  await recordSignIn({ userId, email: person.email, name: person.name, groups: person.groups, sessionTokenHash: hashSessionToken(token), authentication: { time: new Date(), methods: ["pwd"], contextClass: null } });
}

beforeAll(async () => {
  db = await useTestDatabase();
  agent = await seedAgent(db);
  // Outside demo mode the linter counts group members from sign-ins: two reviewers, two admins.
  for (const person of [alice, user("bob@example.com", ["reviewers"]), dave, frank, carol]) await signIn(person);
});

describe("the policy console's verbs are for administrators only", () => {
  it.each([
    ["a reviewer", alice],
    ["an auditor", carol],
  ])("refuses %s on every verb, and creates nothing", async (_, person) => {
    const refused = { name: "ServiceError", code: "FORBIDDEN" };
    await expect(readPolicyVersions(as(person))).rejects.toMatchObject(refused);
    await expect(checkPolicyDraft(as(person), DENY_EXPORTS)).rejects.toMatchObject(refused);
    await expect(trialPolicyDraft(as(person), { yaml: DENY_EXPORTS, last: 10 })).rejects.toMatchObject(refused);
    await expect(listRoleHolders(as(person))).rejects.toMatchObject(refused);
    await expect(proposePolicyChange(as(person), { yaml: "not: [a policy", authorEmail: person.email })).rejects.toMatchObject(refused);
    expect(await db.select().from(actionRequests).where(eq(actionRequests.agentId, POLICY_CHANGE_AGENT.id))).toEqual([]);
  });

  it("refuses an administrator who names someone else as the author (who could then approve it)", async () => {
    await expect(proposePolicyChange(as(dave), { yaml: DENY_EXPORTS, authorEmail: frank.email })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("checking a draft as it is typed", () => {
  it("names the line and field of each error in a document that does not validate", async () => {
    const yaml = DENY_EXPORTS.replace("approvals: 1", "approvals: 0").replace("outcome: deny", "outcome: maybe");
    const check = await checkPolicyDraft(as(dave), yaml);
    expect(check.valid).toBe(false);
    expect(check.draftYaml).toBeNull();
    expect(check.errors).toEqual(
      expect.arrayContaining([
        { line: 5, path: "rules[0].outcome", message: expect.any(String) },
        { line: 9, path: "default.stages[0].approvals", message: expect.stringContaining("1") },
      ]),
    );
  });

  it("names the line of a YAML syntax error", async () => {
    const check = await checkPolicyDraft(as(dave), "name: Broken\nrules:\n  - name: [unclosed\n");
    expect(check.valid).toBe(false);
    expect(check.errors[0]).toMatchObject({ line: expect.any(Number) });
    expect(check.errors[0]!.line).toBeGreaterThanOrEqual(3);
  });

  it("reports the linter's findings for a document that parses, and diffs a valid one against the version in force", async () => {
    const unreachable = await checkPolicyDraft(as(dave), DENY_EXPORTS.replace("approvals: 1", "approvals: 5"));
    expect(unreachable).toMatchObject({ valid: false, errors: [], findings: [{ code: "quorum-unreachable", path: "default.stages[0].approvals" }] });

    const ok = await checkPolicyDraft(as(dave), DENY_EXPORTS);
    const current = await loadCurrentPolicy(db);
    expect(ok).toMatchObject({ valid: true, errors: [], findings: [], current: { version: current.version } });
    expect(ok.draftYaml).toContain("no production exports");
    expect(ok.current.yaml).not.toContain("no production exports");
  });
});

describe("simulation", () => {
  it("counts the past requests the draft would decide differently, and evaluates a hand-written one through both", async () => {
    const exports = [await submitSample(db, agent), await submitSample(db, agent)];
    const staging = await submitSample(db, agent, { environment: "staging" });

    const trial = await trialPolicyDraft(as(dave), {
      yaml: DENY_EXPORTS,
      last: 3,
      test: { action: "db.export", resource: "postgres://prod-db/x", environment: "production", agent: agent.name, parameters: { sql: "COPY x TO STDOUT" } },
    });
    expect(trial.summary).toMatchObject({ total: 3, changed: 2, before: { require: 3 }, after: { require: 1, deny: 2 }, transitions: [{ from: "require", to: "deny", count: 2 }] });
    expect(trial.changed.map((row) => row.id).sort()).toEqual(exports.map((request) => request.id).sort());
    expect(trial.changed.map((row) => row.id)).not.toContain(staging.id);
    expect(trial.changed[0]).toMatchObject({ action: "db.export", environment: "production", before: { outcome: "require" }, after: { outcome: "deny", rule: "no production exports" } });
    expect(trial.test).toMatchObject({ agentKnown: true, before: { outcome: "require", rule: "default" }, after: { outcome: "deny", message: "Exports from production are not allowed." } });

    expect((await trialPolicyDraft(as(dave), { yaml: DENY_EXPORTS, last: 1 })).summary).toMatchObject({ total: 1, changed: 0 });
  });

  it("refuses an invalid draft with the line and field", async () => {
    await expect(trialPolicyDraft(as(dave), { yaml: DENY_EXPORTS.replace("approvals: 1", "approvals: 0"), last: 5 })).rejects.toMatchObject({
      code: "VALIDATION",
      fields: [{ path: "default.stages[0].approvals", message: expect.stringMatching(/^line 9, default\.stages\[0\]\.approvals: /) }],
    });
  });
});

describe("a change proposed in the console", () => {
  it("waits for another administrator, then shows in the history with its author and approver", async () => {
    const before = await loadCurrentPolicy(db);
    await expect(proposePolicyChange(as(dave), { yaml: DENY_EXPORTS.replace("approvals: 1", "approvals: 0"), authorEmail: dave.email })).rejects.toMatchObject({
      code: "VALIDATION",
      fields: [{ path: "default.stages[0].approvals", message: expect.stringMatching(/^line 9, /) }],
    });
    const change = await proposePolicyChange(as(dave), { yaml: DENY_EXPORTS, authorEmail: dave.email });
    expect(change.status).toBe("pending");
    expect((await readPolicyVersions(as(frank))).pendingChanges).toEqual([expect.objectContaining({ id: change.id, proposedBy: dave.email })]);

    await expect(approveActionRequest(as(dave), change.id)).rejects.toMatchObject({ code: "SEPARATION_OF_DUTIES" });
    await approveActionRequest(as(frank), change.id);

    const { versions, pendingChanges } = await readPolicyVersions(as(dave));
    expect(pendingChanges).toEqual([]);
    expect(versions[0]).toMatchObject({ version: before.version + 1, name: "No production exports", proposedBy: dave.email, approvers: [frank.email], changeRequestId: change.id, recordedBy: frank.email });
    expect(versions[0]!.yaml).toContain("no production exports");
    expect(versions.at(-1)).toMatchObject({ version: 1, proposedBy: null, recordedBy: "seed" });
    expect((await submitSample(db, agent)).status).toBe("rejected");
  });
});

describe("who holds which role", () => {
  it("lists everyone who signed in with their groups, roles and last sign-in, most recent first", async () => {
    const started = new Date();
    await signIn(alice);
    const people = await listRoleHolders(as(dave));
    expect(people[0]).toMatchObject({ email: alice.email, groups: ["reviewers"], roles: ["reviewer"] });
    expect(new Date(people[0]!.lastSignInAt!).getTime()).toBeGreaterThanOrEqual(started.getTime() - 1000);
    expect(people.find((person) => person.email === dave.email)).toMatchObject({ roles: ["admin"], lastSignInAt: expect.any(String) });
    expect(people.find((person) => person.email === carol.email)).toMatchObject({ roles: ["auditor"] });
    expect(people).toHaveLength(5);
  });
});
