import { randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { actionRequests, users } from "../../db/schema";
import { loadCurrentPolicy } from "../../lib/services/load-policy";
import { installPolicy, quorumDocument, seedAgent, submitSample, type SeededAgent } from "./fixtures";
import { useTestDatabase } from "./test-database";
import { runCli } from "./run-cli";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "countersign-policies-cli-"));

/**
 * `npm run cli -- policies …` as an operator types it. Without OIDC_ISSUER the CLI is in demo mode, as
 * `npm start` would be, so the bundled identity provider's people count toward group sizes: reviewers
 * 4, security 1 (grace), admins 2.
 */
const cli = (args: string[]) => runCli(args, { env: { ...process.env, COUNTERSIGN_DATA_DIR: dataDir } });

function file(name: string, text: string): string {
  const target = path.join(dataDir, name);
  writeFileSync(target, text);
  return target;
}

const FAULTY = `name: Faulty
rules:
  - name: everything in production
    match: { environment: production }
    outcome: auto-approve
  - name: production exports
    match: { action: db.export, environment: production }
    outcome: require
    stages: [ { approvals: 3, groups: [security] } ]
default:
  outcome: require
  stages: [ { approvals: 1, groups: [reviewers] } ]
  ttl: 1h
`;

const TWO_FROM_SECURITY = `name: Two from security
rules: []
default:
  outcome: require
  stages: [ { approvals: 2, groups: [security] } ]
  ttl: 1h
`;

let db: Database;
let agent: SeededAgent;

beforeAll(async () => {
  db = await useTestDatabase();
  agent = await seedAgent(db);
  await installPolicy(db, quorumDocument(1));
});

describe("policies lint", () => {
  it("exits 1 with each finding: production auto-approve, a shadowed rule, an unreachable quorum", async () => {
    const result = await cli(["policies", "lint", file("faulty.yaml", FAULTY)]);
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^rules\[0\]: auto-approves in production.*production-auto-approve\)$/);
    expect(lines[1]).toMatch(/^rules\[1\]\.stages\[0\]\.approvals: needs 3 approvals but security has 1 person.*quorum-unreachable\)$/);
    expect(lines[2]).toMatch(/^rules\[1\]: never applies: rules\[0\].*shadowed-rule\)$/);
  });

  it("counts group members from the groups seen at sign-in", async () => {
    const twoFromSecurity = file("two-from-security.yaml", TWO_FROM_SECURITY);
    expect((await cli(["policies", "lint", twoFromSecurity])).stdout).toContain("security has 1 person");
    // A second member of security signs in (recordSignIn writes the groups claim to users).
    await db.insert(users).values({ id: randomUUID(), email: "sam@example.com", groups: ["security", "engineers"] });
    expect(await cli(["policies", "lint", twoFromSecurity])).toMatchObject({ code: 0, stdout: "ok: no findings\n" });
  });

  it("reports an invalid document by line and field, as propose does", async () => {
    const result = await cli(["policies", "lint", file("broken.yaml", "name: Broken\nrules: []\n")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("default");
  });
});

describe("policies propose", () => {
  it("refuses a document with findings, naming each, and creates nothing", async () => {
    const before = (await db.select().from(actionRequests)).length;
    const result = await cli(["policies", "propose", file("faulty.yaml", FAULTY), "--author", "dave@example.com"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("The policy document has lint findings");
    for (const code of ["production-auto-approve", "shadowed-rule", "quorum-unreachable"]) expect(result.stderr).toContain(code);
    expect((await db.select().from(actionRequests)).length).toBe(before);
  });
});

describe("policies diff", () => {
  it("prints a unified diff of the YAML against the version in force", async () => {
    const current = await loadCurrentPolicy(db);
    const draft = file("draft.yaml", `name: Needs 1\nrules:\n  - name: no exports\n    match: { action: db.export }\n    outcome: deny\n    message: Exports are closed.\ndefault:\n  outcome: require\n  stages: [ { approvals: 1, groups: [reviewers] } ]\n  ttl: 1h\n`);
    const result = await cli(["policies", "diff", draft]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`--- policy version ${current.version} (in force)`);
    expect(result.stdout).toContain(`+++ ${draft}`);
    expect(result.stdout).toMatch(/^@@ /m);
    expect(result.stdout).toMatch(/^-rules: \[\]$/m);
    expect(result.stdout).toMatch(/^\+ {2}- name: no exports$/m);
    expect(result.stdout).toMatch(/^ name: Needs 1$/m);
  });
});

describe("policies simulate", () => {
  it("summarises how the draft would have decided the last N requests and lists the changed ones", async () => {
    const older = await submitSample(db, agent, { action: "db.read", environment: "staging", summary: "older staging read" });
    const exported = await submitSample(db, agent, { action: "db.export", environment: "production" });
    const read = await submitSample(db, agent, { action: "db.read", environment: "staging", summary: "staging read" });
    const draft = file("staging.yaml", `name: Staging reads run at once\nrules:\n  - name: staging reads\n    match: { action: "db.read*", environment: staging }\n    outcome: auto-approve\ndefault:\n  outcome: require\n  stages: [ { approvals: 1, groups: [reviewers] } ]\n  ttl: 1h\n`);
    const result = await cli(["policies", "simulate", draft, "--last", "2"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Simulated the last 2 requests against version");
    expect(result.stdout).toContain("1 would be decided differently");
    expect(result.stdout).toContain("require -> auto-approve: 1");
    expect(result.stdout).toContain(`${read.id}  db.read`);
    expect(result.stdout).toContain(`-> auto-approve by "staging reads"`);
    expect(result.stdout).not.toContain(exported.id);
    expect(result.stdout).not.toContain(older.id);
  });
});
