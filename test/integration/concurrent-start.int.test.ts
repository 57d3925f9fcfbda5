import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { beforeAll, describe, expect, it, inject } from "vitest";
import type { Database } from "../../db/client";
import { runMigrations } from "../../db/migrate";
import { policies } from "../../db/schema";
import { createAgent } from "../../lib/services/create-agent";
import { DEFAULT_POLICY_ID, policyDocumentOf } from "../../lib/services/load-policy";
import { ensureDefaultPolicy } from "../../lib/services/seed-demo";
import { newServiceContext } from "../../lib/services/service-context";
import { withDatabase } from "./global-setup";
import { useTestDatabase } from "./test-database";

/** Replicas (or the CLI during `npm start`) start at the same moment: start-up must not race itself. */
let db: Database;

beforeAll(async () => {
  db = await useTestDatabase();
});

describe("processes starting at once", () => {
  it("apply the migrations once between them on an empty database", async () => {
    const adminUrl = inject("postgresAdminUrl");
    const name = `race_${randomBytes(6).toString("hex")}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${name}`);
    try {
      const url = withDatabase(adminUrl, name);
      await expect(Promise.all([runMigrations(url), runMigrations(url), runMigrations(url)])).resolves.toBeDefined();
    } finally {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });

  it("seed the default policy once", async () => {
    await Promise.all([ensureDefaultPolicy(db), ensureDefaultPolicy(db), ensureDefaultPolicy(db)]);
    expect(await db.select().from(policies)).toHaveLength(1);
  });

  it("bring the default policy's approver groups in line with REVIEWER_GROUPS, as a new version", async () => {
    // As if the policy had been seeded while REVIEWER_GROUPS named another group.
    await db.insert(policies).values({ id: DEFAULT_POLICY_ID, version: 2, name: "Default policy", requiredApprovals: 1, approverGroups: ["old-team"], ttlSeconds: 3600, createdAt: new Date() });
    await ensureDefaultPolicy(db);
    await ensureDefaultPolicy(db);
    const versions = await db.select().from(policies).orderBy(policies.version);
    expect(versions.map((p) => [p.version, policyDocumentOf(p).default])).toEqual([1, 2, 3].map((version, i) => [version, { outcome: "require", stages: [{ approvals: 1, groups: i === 1 ? ["old-team"] : ["reviewers"] }], ttl: "1h" }]));
  });

  it("create one agent per name, and the other attempt is a clear conflict", async () => {
    const attempt = () => createAgent(newServiceContext(db, { kind: "system", id: "cli" }), { name: "race-agent", ownerEmail: "erin@example.com" });
    const results = await Promise.allSettled([attempt(), attempt()]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refusal = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refusal.reason).toMatchObject({ code: "CONFLICT" });
  });
});
