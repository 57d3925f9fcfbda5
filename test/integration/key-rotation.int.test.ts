import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, asc, eq } from "drizzle-orm";
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, type JWK } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "../../db/client";
import { oneRow } from "../../db/one-row";
import { events, grants } from "../../db/schema";
import { evolve, type RequestState } from "../../lib/domain/request/request-decider";
import { parseRequestEvent } from "../../lib/domain/request/request-events";
import { checkpointVerifiers, verifyEvidencePack } from "../../lib/domain/evidence-pack/verify-pack";
import { openCheckpointWithAny, type NoteSigner } from "../../lib/domain/merkle/checkpoint";
import { approveActionRequest } from "../../lib/services/approve-action-request";
import { auditLogAgainstSink } from "../../lib/services/audit-log-against-sink";
import { lastSinkCheckpoint } from "../../lib/services/checkpoint-sink";
import { CheckpointConflictError, publishCheckpoint } from "../../lib/services/publish-checkpoint";
import { sealEvents } from "../../lib/services/seal-events";
import { newServiceContext } from "../../lib/services/service-context";
import { alice, carol, seedAgent, submitSample, type SeededAgent, exportPackBytes } from "./fixtures";
import { sealerDatabase, useTestDatabase } from "./test-database";

vi.stubEnv("AGENT_RATE_LIMIT", "0");
vi.stubEnv("AGENT_MAX_PENDING", "0");
afterAll(() => vi.unstubAllEnvs());

const ORIGIN = "countersign.test/log";
let db: Database;
let agent: SeededAgent;

beforeAll(async () => {
  db = await useTestDatabase();
  agent = await seedAgent(db);
});

const sealAll = async () => {
  while ((await sealEvents(sealerDatabase())) > 0);
};
const period = () => ({ from: new Date(Date.now() - 3600_000), to: new Date(Date.now() + 60_000) });
const publicHalf = (jwk: JWK): JWK => ({ kty: jwk.kty, crv: jwk.crv, x: jwk.x });

/**
 * The operator's rotation, as a restarted process sees it: the configuration is read again (modules
 * loaded afresh) with these settings.
 */
async function restartWith(settings: Record<string, string | undefined>) {
  for (const [name, value] of Object.entries(settings)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  vi.resetModules();
  return {
    keys: await import("../../lib/services/signing-keys"),
    report: await import("../../lib/services/report-execution"),
    pack: await import("../../lib/services/export-evidence-pack"),
    grant: await import("../../lib/services/sign-grant"),
  };
}

describe("rotating the signing key", () => {
  it("keeps a grant and a pack signed before the rotation verifying after it, server-side and offline; JWKS lists both keys", async () => {
    const oldKey = JSON.parse(process.env.SIGNING_KEY!) as JWK;
    const view = await submitSample(db, agent);
    await approveActionRequest(newServiceContext(db, alice), view.id, "fine");
    const { jws: grant } = oneRow(await db.select().from(grants).where(eq(grants.requestId, view.id)));
    await sealAll();
    const oldPack = (await exportPackBytes(db, carol, period()));
    const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
    const newKey = JSON.stringify(await exportJWK(privateKey));

    // The new key alone (what a rotation did before retired keys): the old grant and pack no longer verify.
    const forgetful = await restartWith({ SIGNING_KEY: newKey, SIGNING_KEYS_RETIRED: undefined });
    const newOnly = await forgetful.keys.getPublicJwks();
    expect(newOnly.keys).toHaveLength(1);
    expect((await verifyEvidencePack(oldPack, { trustedKeys: newOnly })).ok).toBe(false);
    await expect(jwtVerify(grant, createLocalJWKSet(newOnly))).rejects.toThrow();

    // Rotated properly: the old key retired (its public half is enough to verify).
    const rotated = await restartWith({ SIGNING_KEY: newKey, SIGNING_KEYS_RETIRED: JSON.stringify([publicHalf(oldKey)]) });
    const jwks = await rotated.keys.getPublicJwks();
    const newKid = (await rotated.keys.getSigningKey()).kid;
    const oldKid = (await verifyEvidencePack(oldPack)).signerThumbprint;
    expect(jwks.keys.map((key) => key.kid)).toEqual([newKid, oldKid]);
    expect(jwks.keys.every((key) => key.use === "sig" && key.alg === "EdDSA" && key.d === undefined)).toBe(true);

    const { protectedHeader } = await jwtVerify(grant, createLocalJWKSet(jwks));
    expect(protectedHeader.kid).toBe(oldKid);
    expect((await verifyEvidencePack(oldPack, { trustedKeys: jwks })).ok).toBe(true);
    const reported = await rotated.report.reportExecution(newServiceContext(db, agent.actor), view.id, { outcome: "succeeded", grant });
    expect(reported.status).toBe("executed");

    // A replay signs the grant again with the key its event names: the retired key's private half, if kept, gives the same token.
    const state = (await db.select().from(events).where(and(eq(events.streamType, "request"), eq(events.streamId, view.id))).orderBy(asc(events.id)))
      .map(parseRequestEvent)
      .reduce<RequestState | null>(evolve, null)!;
    await expect(rotated.grant.signGrant(state)).rejects.toThrow(/private half/);
    const keeping = await restartWith({ SIGNING_KEY: newKey, SIGNING_KEYS_RETIRED: JSON.stringify([oldKey]) });
    expect(await keeping.grant.signGrant(state)).toBe(grant);

    // New packs are signed with the new key and carry both.
    await sealAll();
    const newPack = await rotated.pack.exportEvidencePack(db, carol, period());
    const verified = await verifyEvidencePack(new Uint8Array(await new Response(newPack.stream).arrayBuffer()), { trustedKeys: jwks });
    expect(verified.ok).toBe(true);
    expect(verified.signerThumbprint).toBe(newKid);
  });
});

describe("rotating the checkpoint key", () => {
  it("publishes on over checkpoints the retired key signed, which still verify, and JWKS lists both checkpoint keys", async () => {
    const sink = mkdtempSync(path.join(os.tmpdir(), "countersign-rotation-"));
    const [first, second]: NoteSigner[] = [0, 1].map(() => ({ name: ORIGIN, ...generateKeyPairSync("ed25519") }));
    const grow = async () => {
      await submitSample(db, agent);
      await sealAll();
    };
    await grow();
    await publishCheckpoint(sealerDatabase(), first!, sink);
    const oldNote = (await lastSinkCheckpoint(sink))!.note;
    await grow();
    // The new key alone refuses: the sink's last checkpoint is not its own.
    await expect(publishCheckpoint(sealerDatabase(), second!, sink)).rejects.toThrow(CheckpointConflictError);
    const accepted = [second!, first!];
    expect((await publishCheckpoint(sealerDatabase(), second!, sink, { accepted }))?.size).toBeGreaterThan(0);
    expect(await auditLogAgainstSink(sealerDatabase(), accepted, sink)).toMatchObject({ ok: true });
    expect(await auditLogAgainstSink(sealerDatabase(), [first!], sink)).toMatchObject({ ok: false });

    const rotated = await restartWith({
      CHECKPOINT_ORIGIN: ORIGIN,
      CHECKPOINT_PUBLIC_KEY: JSON.stringify(second!.publicKey.export({ format: "jwk" })),
      CHECKPOINT_KEYS_RETIRED: JSON.stringify([first!.publicKey.export({ format: "jwk" })]),
    });
    const { keys } = await rotated.keys.getPublicJwks();
    const checkpointKeys = keys.filter((key) => key.use === "checkpoint");
    expect(checkpointKeys).toHaveLength(2);
    expect(checkpointKeys[0]).toMatchObject({ kty: "OKP", crv: "Ed25519", note_verifier: expect.stringMatching(/^countersign\.test\/log\+[0-9a-f]{8}\+/) });
    // What an auditor does with the published set: both the old and the new checkpoints open.
    const verifiers = checkpointVerifiers(keys);
    expect(openCheckpointWithAny(oldNote, verifiers)?.size).toBeGreaterThan(0);
    expect(openCheckpointWithAny((await lastSinkCheckpoint(sink))!.note, verifiers)?.size).toBeGreaterThan(0);
    expect(openCheckpointWithAny(oldNote, verifiers.slice(0, 1))).toBeNull();
  });
});
