import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadOrCreateLocalSecrets, rotateLocalKey, secretSettings } from "./local-secrets";

describe("local secrets", () => {
  it("are generated once, readable by the owner only, and reused by every later start", async () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "countersign-secrets-")), "data");
    const first = await loadOrCreateLocalSecrets(dir);
    expect(statSync(path.join(dir, "secrets.json")).mode & 0o777).toBe(0o600);
    expect(first.maskingKey.length).toBeGreaterThanOrEqual(32);
    expect(await loadOrCreateLocalSecrets(dir)).toEqual(first);
  });

  it("fill in secrets a later version added, keeping every one already there", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "countersign-secrets-"));
    writeFileSync(path.join(dir, "secrets.json"), JSON.stringify({ postgresPassword: "kept", maskingKey: "kept-masking-key-0123456789abcdef" }));
    const secrets = await loadOrCreateLocalSecrets(dir);
    expect(secrets).toMatchObject({ postgresPassword: "kept", maskingKey: "kept-masking-key-0123456789abcdef" });
    expect(secrets.appDatabasePassword).toEqual(expect.any(String));
    expect(JSON.parse(readFileSync(path.join(dir, "secrets.json"), "utf8")).appDatabasePassword).toBe(secrets.appDatabasePassword);
  });

  it("add the sealer's login password to a file from before the sealer had its own login", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "countersign-secrets-"));
    writeFileSync(path.join(dir, "secrets.json"), JSON.stringify({ postgresPassword: "kept", appDatabasePassword: "kept-app" }));
    const secrets = await loadOrCreateLocalSecrets(dir);
    expect(secrets).toMatchObject({ postgresPassword: "kept", appDatabasePassword: "kept-app", sealerDatabasePassword: expect.any(String) });
    expect(secrets.sealerDatabasePassword).not.toBe(secrets.appDatabasePassword);
    expect(await loadOrCreateLocalSecrets(dir)).toEqual(secrets);
  });

  it("add a checkpoint key to a file from before the transparency log", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "countersign-secrets-"));
    writeFileSync(path.join(dir, "secrets.json"), JSON.stringify({ postgresPassword: "kept", appDatabasePassword: "kept-app", sealerDatabasePassword: "kept-sealer", signingKey: "kept-signing" }));
    const secrets = await loadOrCreateLocalSecrets(dir);
    expect(secrets).toMatchObject({ signingKey: "kept-signing", sealerDatabasePassword: "kept-sealer" });
    expect(JSON.parse(secrets.checkpointKey)).toMatchObject({ kty: "OKP", crv: "Ed25519", d: expect.any(String) });
    expect(await loadOrCreateLocalSecrets(dir)).toEqual(secrets);
  });

  it("add the webhook keys to a file from before webhooks, keeping the checkpoint key", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "countersign-secrets-"));
    const before = await loadOrCreateLocalSecrets(dir);
    const { webhookKey: _key, webhookSecretsKey: _secrets, ...older } = before;
    writeFileSync(path.join(dir, "secrets.json"), JSON.stringify(older));
    const secrets = await loadOrCreateLocalSecrets(dir);
    expect(secrets.checkpointKey).toBe(before.checkpointKey);
    expect(JSON.parse(secrets.webhookKey)).toMatchObject({ kty: "OKP", crv: "Ed25519", d: expect.any(String) });
    expect(secrets.webhookKey).not.toBe(secrets.checkpointKey);
    expect(secrets.webhookSecretsKey.length).toBeGreaterThanOrEqual(32);
    expect(await loadOrCreateLocalSecrets(dir)).toEqual(secrets);
  });

  it("rotate a key: a new current one, the old one retired (the signing key with its private half, to re-sign its grants on a replay)", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "countersign-secrets-"));
    const before = await loadOrCreateLocalSecrets(dir);
    const signing = await rotateLocalKey("signing", dir);
    const checkpoint = await rotateLocalKey("checkpoint", dir);
    const after = await loadOrCreateLocalSecrets(dir);
    expect(after.signingKey).not.toBe(before.signingKey);
    expect(after.retiredSigningKeys).toEqual([JSON.parse(before.signingKey)]);
    const { d: _private, ...oldCheckpointPublic } = JSON.parse(before.checkpointKey);
    expect(after.retiredCheckpointKeys).toEqual([oldCheckpointPublic]);
    expect(signing.current).not.toBe(signing.retired);
    expect(checkpoint.key).toBe("checkpoint");
    expect(after).toMatchObject({ maskingKey: before.maskingKey, postgresPassword: before.postgresPassword });
    // What the console and worker are given.
    const settings = secretSettings(after);
    expect(JSON.parse(settings.SIGNING_KEYS_RETIRED!)).toEqual(after.retiredSigningKeys);
    expect(JSON.parse(settings.CHECKPOINT_KEYS_RETIRED!)).toEqual([oldCheckpointPublic]);
  });
});
