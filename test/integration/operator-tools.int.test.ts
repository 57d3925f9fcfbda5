import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { assert, beforeAll, describe, expect, inject, it } from "vitest";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from "jose";
import { inArray } from "drizzle-orm";
import { getDb } from "../../db/client";
import { actionRequests } from "../../db/schema";
import { getMasker } from "../../lib/services/masker";
import { ensureDefaultPolicy } from "../../lib/services/seed-demo";
import { postActionRequest } from "./api-client";
import { user, exportPackBytes } from "./fixtures";
import { runSealerInBackground, useTestDatabase } from "./test-database";
import { runCli } from "./run-cli";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "countersign-cli-"));

/**
 * The operator's CLI in a fresh data folder; `throughNpm` types the contract's own command, `npm run
 * cli -- …`, whose banner comes first on stdout, so machine-readable output is read from the last line.
 */
const cli = (args: string[], options: { input?: string; throughNpm?: boolean } = {}) => runCli(args, { ...options, env: { ...process.env, COUNTERSIGN_DATA_DIR: dataDir } });

beforeAll(async () => {
  await ensureDefaultPolicy(await useTestDatabase());
  runSealerInBackground();
});

describe("npm run cli", () => {
  it("creates an agent whose key works once and is stored only as a hash, then revokes it", async () => {
    const created = await cli(["agents", "create", "--name", "ci-bot", "--owner", "Erin@Example.com"], { throughNpm: true });
    expect(created.code).toBe(0);
    const agent = JSON.parse(created.stdout.trim().split("\n").pop()!);
    expect(agent).toMatchObject({ id: expect.any(String), name: "ci-bot", owner: "erin@example.com", apiKey: expect.stringMatching(/^cs_live_/) });
    expect((await postActionRequest({ action: "a", resource: "r", summary: "s" }, { key: agent.apiKey })).status).toBe(201);

    const revoked = await cli(["agents", "revoke", agent.id]);
    expect(revoked.code).toBe(0);
    expect(JSON.parse(revoked.stdout.trim().split("\n").pop()!)).toMatchObject({ id: agent.id, revokedKeys: 1 });
    expect((await postActionRequest({ action: "a", resource: "r", summary: "s" }, { key: agent.apiKey })).status).toBe(401);
  });

  it("revokes every agent a departing owner has, cancelling their pending requests, and no one else's", async () => {
    const lastLine = (out: string) => JSON.parse(out.trim().split("\n").pop()!);
    const created = [];
    for (const [name, owner] of [["leaver-a", "leaver@example.com"], ["leaver-b", "Leaver@Example.com"], ["stayer", "stayer@example.com"]] as const) {
      created.push(lastLine((await cli(["agents", "create", "--name", name, "--owner", owner])).stdout));
    }
    const pending = [];
    for (const agent of created) pending.push(await (await postActionRequest({ action: "a", resource: "r", summary: "s" }, { key: agent.apiKey })).json());

    const revoked = await cli(["agents", "revoke", "--owner", "LEAVER@example.com"]);
    expect(revoked.code).toBe(0);
    const report = lastLine(revoked.stdout);
    expect(report.owner).toBe("leaver@example.com");
    expect(report.agents.map((a: { id: string }) => a.id).sort()).toEqual([created[0].id, created[1].id].sort());
    expect(report.agents.every((a: { revokedKeys: number; cancelledRequests: number }) => a.revokedKeys === 1 && a.cancelledRequests === 1)).toBe(true);

    const db = getDb();
    const statuses = await db.select({ id: actionRequests.id, status: actionRequests.status }).from(actionRequests).where(inArray(actionRequests.id, pending.map((p) => p.id)));
    expect(Object.fromEntries(statuses.map((r) => [r.id, r.status]))).toEqual({ [pending[0].id]: "cancelled", [pending[1].id]: "cancelled", [pending[2].id]: "pending" });
    expect((await postActionRequest({ action: "a", resource: "r", summary: "s" }, { key: created[0].apiKey })).status).toBe(401);
    expect((await postActionRequest({ action: "a", resource: "r", summary: "s" }, { key: created[2].apiKey })).status).toBe(201);
    // Rerunning once the owner has nothing left to revoke is not an error.
    expect(lastLine((await cli(["agents", "revoke", "--owner", "leaver@example.com"])).stdout)).toEqual({ owner: "leaver@example.com", agents: [] });
  }, 120_000);

  it("refuses bad input with a readable message and no SQL", async () => {
    const bad = await cli(["agents", "create", "--name", "x y", "--owner", "nobody"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/name may contain/);
    expect(bad.stderr).toMatch(/owner must be an email/);
    const unknown = await cli(["agents", "revoke", "not-a-uuid"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("No agent has that id");
    expect(unknown.stderr).not.toMatch(/select|update|insert/i);
    const badOwner = await cli(["agents", "revoke", "--owner", "nobody"]);
    expect(badOwner.code).toBe(1);
    expect(badOwner.stderr).toMatch(/owner must be an email/);
  });

  it("masks standard input as the API would store it", async () => {
    const input = "export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ8cAnArY1 to s3://bucket/path\n";
    const masked = await cli(["mask"], { input });
    expect(masked.code).toBe(0);
    expect(masked.stdout).toMatch(/^export AWS_SECRET_ACCESS_KEY=\[aws_secret_access_key:[0-9a-f]{6}\] to s3:\/\/bucket\/path\n$/);
    expect(masked.stdout).not.toContain("wJalrXUtnFEMI");
    // The same configured key as the console's: the same placeholder, fingerprint included.
    expect(masked.stdout).toBe(getMasker().maskText(input).text);
  });

  it("verifies a pack offline, and exits 1 on an altered byte or a key set it was not signed with", async () => {
    const db = (await import("../../db/client")).getDb();
    const pack = (await exportPackBytes(db, user("carol@example.com", ["auditors"]), { from: new Date(Date.now() - 3600_000), to: new Date(Date.now() + 60_000) }));
    const good = path.join(dataDir, "pack.zip");
    writeFileSync(good, pack);
    const verified = await cli(["verify", good]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain("VERIFIED: every check passed.");
    // Every mapped control, as verify re-performed it from the pack's events.
    expect(verified.stdout).toMatch(/ok +control A\.5\.3: (effective|not applicable)/);
    expect(verified.stdout).toMatch(/ok +control A\.5\.28: integrity verified/);

    const files = unzipSync(pack);
    const csv = files["populations/requests.csv"];
    assert.isDefined(csv);
    files["populations/requests.csv"] = strToU8(strFromU8(csv) + " ");
    const altered = path.join(dataDir, "altered.zip");
    writeFileSync(altered, zipSync(files));
    const refused = await cli(["verify", altered]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain("NOT VERIFIED");

    const { publicKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
    const jwk = await exportJWK(publicKey);
    const foreign = path.join(dataDir, "foreign-jwks.json");
    writeFileSync(foreign, JSON.stringify({ keys: [{ ...jwk, kid: await calculateJwkThumbprint(jwk) }] }));
    const unpinned = await cli(["verify", good, "--jwks", foreign]);
    expect(unpinned.code).toBe(1);
    expect(unpinned.stdout).toContain("NOT VERIFIED");
  });
});

describe("npm run cli when the embedded port is taken", () => {
  it("names the port and what to do, instead of a bare 'non-error thrown'", async () => {
    // The integration tier's own PostgreSQL: another cluster, whose password this fresh folder does not have.
    const port = new URL(inject("postgresAdminUrl")).port;
    const { DATABASE_URL: _url, DATABASE_MIGRATION_URL: _owner, ...env } = process.env;
    const result = await runCli(["agents", "create", "--name", "x", "--owner", "erin@example.com"], {
      env: { ...env, EMBEDDED_PG_PORT: port, COUNTERSIGN_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "countersign-cli-port-")) },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`port ${port} on 127.0.0.1 is served by another PostgreSQL`);
    expect(result.stderr).toContain("EMBEDDED_PG_PORT");
    expect(result.stderr).not.toContain("non-error thrown");
  });
});

describe("the demo seed", () => {
  it("creates the demo agent once, and on a lost key file rotates the key so the old one stops working", async () => {
    const db = (await import("../../db/client")).getDb();
    const { seedDemo } = await import("../../lib/services/seed-demo");
    const first = await seedDemo(db, true);
    expect(first).toMatch(/^cs_live_/);
    expect(await seedDemo(db, false)).toBeNull();
    const second = await seedDemo(db, true);
    expect(second).toMatch(/^cs_live_/);
    expect((await postActionRequest({ action: "a", resource: "r", summary: "s" }, { key: first })).status).toBe(401);
    expect((await postActionRequest({ action: "a", resource: "r", summary: "s" }, { key: second })).status).toBe(201);
  });
});
