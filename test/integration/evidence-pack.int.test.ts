import { newServiceContext } from "../../lib/services/service-context";
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { afterAll, assert, beforeAll, describe, expect, it, vi } from "vitest";
import { eq, sql } from "drizzle-orm";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { calculateJwkThumbprint, CompactSign, exportJWK, generateKeyPair } from "jose";
import { createDatabase, type Database } from "../../db/client";
import { appendEvents, type NewEvent } from "../../db/event-store";
import { events } from "../../db/schema";
import { sha256Hex } from "../../lib/domain/canonical-json";
import { chainHash, eventHash } from "../../lib/domain/event-chain";
import { noteVerifierKey } from "../../lib/domain/merkle/checkpoint";
import { eventLeafHash } from "../../lib/domain/merkle/tree-hash";
import type { PackedEvent, PackManifest } from "../../lib/domain/evidence-pack/format";
import { verifyEvidencePack } from "../../lib/domain/evidence-pack/verify-pack";
import { getPublicJwks } from "../../lib/services/signing-keys";
import { approveActionRequest } from "../../lib/services/approve-action-request";
import { ServiceError } from "../../lib/services/errors";
import { exportEvidencePack } from "../../lib/services/export-evidence-pack";
import { sealEvents } from "../../lib/services/seal-events";
import { submitActionRequest } from "../../lib/services/submit-action-request";
import { alice, bob, carol, sampleRequest, seedAgent, exportPackBytes } from "./fixtures";
import { runSealerInBackground, sealerDatabase, useTestDatabase } from "./test-database";

// The busy reviewer below submits as fast as exports let it: an agent's limits are not what is tested here.
vi.stubEnv("AGENT_RATE_LIMIT", "0");
vi.stubEnv("AGENT_MAX_PENDING", "0");
afterAll(() => vi.unstubAllEnvs());

let db: Database;
let pack: Uint8Array;
const period = () => ({ from: new Date(Date.now() - 3600_000), to: new Date(Date.now() + 60_000) });

/** A checkpoint key as /.well-known/jwks.json lists one. */
const checkpointJwk = (() => {
  const { publicKey } = generateKeyPairSync("ed25519");
  return { ...publicKey.export({ format: "jwk" }), use: "checkpoint", note_verifier: noteVerifierKey({ name: "countersign.test/log", publicKey }) };
})();

beforeAll(async () => {
  db = await useTestDatabase();
  runSealerInBackground();
  const agent = await seedAgent(db);
  const { view } = await submitActionRequest(newServiceContext(db, agent.actor), sampleRequest, "pack-1");
  await approveActionRequest(newServiceContext(db, alice), view.id, "fine");
  pack = (await exportPackBytes(db, carol, period()));
});

/** The text of a file of an unzipped pack; a missing file fails the test. */
function fileText(files: Record<string, Uint8Array>, name: string): string {
  const bytes = files[name];
  assert.isDefined(bytes, `${name} is in the pack`);
  return strFromU8(bytes);
}

const rezip = (mutate: (files: Record<string, Uint8Array>) => void) => {
  const files = unzipSync(pack);
  mutate(files);
  return zipSync(files);
};

describe("evidence packs", () => {
  it("contain the period's events, requests and decisions, and verify offline", async () => {
    const files = unzipSync(pack);
    const names = Object.keys(files);
    expect(names).toEqual(expect.arrayContaining(["README.txt", "checkpoints.json", "events.ndjson", "jwks.json", "leaves.txt", "manifest.json", "manifest.jws", "control-matrix.csv", "controls.json"]));
    expect(names.filter((n) => n.startsWith("populations/")).sort()).toEqual(
      ["agent-keys", "agents", "break-glass", "decisions", "exceptions", "executions", "grants", "policy-evaluations", "policy-versions", "requests", "sign-ins"].map((n) => `populations/${n}.csv`),
    );
    // One folder per control, every file in it prefixed by the control's id.
    expect(names.filter((n) => n.startsWith("controls/")).every((n) => n.split("/")[2]?.startsWith(`${n.split("/")[1]}-`))).toBe(true);
    expect(new Set(names.filter((n) => n.startsWith("controls/")).map((n) => n.split("/")[1])).size).toBe(16);
    const types = fileText(files, "events.ndjson").trim().split("\n").map((l) => JSON.parse(l).event.type);
    expect(types).toEqual(expect.arrayContaining(["agent.created", "request.created", "decision.approved", "grant.issued"]));
    expect(fileText(files, "populations/decisions.csv")).toContain("alice@example.com");
    expect(fileText(files, "populations/requests.csv")).toContain(sampleRequest.action);
    const report = await verifyEvidencePack(pack);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it("records the export as an event", async () => {
    const exported = await db.select().from(events).where(eq(events.type, "evidence.exported"));
    expect(exported[0]?.actor.id).toBe("carol@example.com");
  });

  it.each([
    ["a changed event byte", (f: Record<string, Uint8Array>) => (f["events.ndjson"] = strToU8(fileText(f, "events.ndjson").replace("alice@example.com", "alicf@example.com")))],
    ["a changed CSV byte", (f: Record<string, Uint8Array>) => (f["populations/decisions.csv"] = strToU8(fileText(f, "populations/decisions.csv").replace("alice", "alicf")))],
    ["a removed event line", (f: Record<string, Uint8Array>) => (f["events.ndjson"] = strToU8(fileText(f, "events.ndjson").split("\n").slice(1).join("\n")))],
    ["an edited manifest", (f: Record<string, Uint8Array>) => (f["manifest.json"] = strToU8(fileText(f, "manifest.json").replace('"events":', '"events": ')))],
    ["an added file", (f: Record<string, Uint8Array>) => (f["extra.txt"] = strToU8("hello"))],
    [
      "a checkpoint whose note is not text, beside a checkpoint key",
      (f: Record<string, Uint8Array>) => {
        f["checkpoints.json"] = strToU8(JSON.stringify({ ...JSON.parse(fileText(f, "checkpoints.json")), checkpoints: [{ size: 1, publishedAt: "", note: 5 }] }));
        const jwks = JSON.parse(fileText(f, "jwks.json"));
        f["jwks.json"] = strToU8(JSON.stringify({ keys: [...jwks.keys, checkpointJwk] }));
      },
    ],
  ])("fail verification on %s", async (_, mutate) => {
    const report = await verifyEvidencePack(rezip(mutate));
    expect(report.ok).toBe(false);
  });

  it("reports the thumbprint of the real signing key, which a forger re-signing the pack cannot reproduce", async () => {
    const real = await verifyEvidencePack(pack);
    const { keys } = await getPublicJwks();
    expect(real.signerThumbprint).toBe(keys[0]?.kid);

    const forged = await forgePack(pack, "alice@example.com", "mallory@example.com");
    const unpinned = await verifyEvidencePack(forged.bytes);
    expect(unpinned.checks.filter((c) => !c.ok)).toEqual([]);
    expect(unpinned.signerThumbprint).not.toBe(real.signerThumbprint);
    const pinned = await verifyEvidencePack(forged.bytes, { trustedKeys: { keys } });
    expect(pinned.ok).toBe(false);
    expect(pinned.checks.find((c) => c.name === "signature")?.ok).toBe(false);
    expect((await verifyEvidencePack(pack, { trustedKeys: { keys } })).ok).toBe(true);
  });

  it("refuses a forger's key that claims the real key's id", async () => {
    const [realKey] = (await getPublicJwks()).keys;
    assert.isDefined(realKey);
    const forged = await forgePack(pack, "alice@example.com", "mallory@example.com", { claimedKid: realKey.kid });
    const report = await verifyEvidencePack(forged.bytes);
    expect(report.ok).toBe(false);
    expect(report.signerThumbprint).toBeNull();
  });

  it("re-hashes every event: an edited event whose file hashes and signature were redone fails only the chain and its leaf", async () => {
    const forged = await forgePack(pack, "alice@example.com", "mallory@example.com", { rechain: false });
    const report = await verifyEvidencePack(forged.bytes);
    expect(report.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(["event chain", "events rebuild leaves"]);
    expect(report.ok).toBe(false);
  });

  it("agrees with itself while reviewers decide and the sealer runs mid-export: every decision in the population has its event", async () => {
    const agent = await seedAgent(db);
    let deciding = true;
    const reviewer = (async () => {
      while (deciding) {
        const { view } = await submitActionRequest(newServiceContext(db, agent.actor), sampleRequest, `busy-${randomUUID()}`);
        await approveActionRequest(newServiceContext(db, alice), view.id);
        // A second sealer runs meanwhile too, racing the background one for the chain's next links.
        await sealEvents(sealerDatabase());
      }
    })();
    try {
      for (let i = 0; i < 12; i++) {
        const files = unzipSync((await exportPackBytes(db, carol, period())));
        const decidedInEvents = new Set(
          fileText(files, "events.ndjson").trim().split("\n").map((line) => JSON.parse(line).event).filter((e) => e.type.startsWith("decision.")).map((e) => e.streamId),
        );
        const decidedInCsv = fileText(files, "populations/decisions.csv").trim().split("\n").slice(1).map((line) => line.split(",")[4]);
        expect(decidedInCsv.filter((requestId) => !decidedInEvents.has(requestId))).toEqual([]);
      }
    } finally {
      deciding = false;
      await reviewer;
    }
  });

  it("fails on bytes that are not a ZIP at all", async () => {
    expect((await verifyEvidencePack(strToU8("not a zip"))).ok).toBe(false);
  });

  it("is refused to reviewers and for an empty period", async () => {
    await expect(exportEvidencePack(db, bob, period())).rejects.toBeInstanceOf(ServiceError);
    const now = new Date();
    await expect(exportEvidencePack(db, carol, { from: now, to: now })).rejects.toThrow(/empty/);
  });
});

describe("a download stopped mid-pack", () => {
  it("gives its connection back, though the next batch of events was already asked for", async () => {
    // More events than one cursor batch, so the export asks for the second while writing the first.
    const actor = { kind: "system", id: "bench", auth: "internal" } as const;
    for (let i = 0; i < 5; i++) {
      await db.transaction((tx) => appendEvents(tx, Array.from({ length: 2_000 }, (_, j) => ({ type: "comment.added", streamType: "request", streamId: randomUUID(), actor, data: { i, j } }) as NewEvent), { now: new Date() }));
    }
    const single = createDatabase(process.env.DATABASE_URL!, { max: 1 });
    try {
      const reader = (await exportEvidencePack(single, carol, period(), { reportPdf: false })).stream.getReader();
      let read = 0;
      // Past leaves.txt (about 32 bytes a leaf, deflated), into events.ndjson.
      while (read < 400 * 1024) read += (await reader.read()).value?.length ?? Number.POSITIVE_INFINITY;
      await reader.cancel();
      // A pool of one: were the cursor still holding the connection, this would wait forever.
      const answer = await Promise.race([single.execute(sql`select 1 as one`), new Promise((resolve) => setTimeout(resolve, 10_000, "stuck"))]);
      expect(answer).not.toBe("stuck");
    } finally {
      await single.$client.end({ timeout: 1 });
    }
  });
});

/**
 * What a forger with database access but without the signing key can do: rewrite an event (and the
 * populations and controls that follow from it), recompute every hash, the chain, the leaves and the
 * manifest, and sign with a key of their own, named as they like. With `rechain: false` the event's
 * recorded hashes and leaves are left as they were, so only the chain and the leaves can tell.
 */
async function forgePack(original: Uint8Array, find: string, replace: string, { claimedKid, rechain = true }: { claimedKid?: string; rechain?: boolean } = {}) {
  const files = unzipSync(original);
  const manifest = JSON.parse(fileText(files, "manifest.json")) as PackManifest;
  let prev = manifest.chain.startHash!;
  const leaves = fileText(files, "leaves.txt").split("\n");
  const lines = fileText(files, "events.ndjson").trim().split("\n").map((line) => {
    const packed = JSON.parse(line) as PackedEvent;
    packed.event = JSON.parse(JSON.stringify(packed.event).replaceAll(find, replace));
    if (rechain) {
      packed.prevHash = prev;
      packed.eventHash = eventHash(packed.event);
      packed.chainHash = chainHash(prev, packed.eventHash);
      leaves[packed.seq - 1] = eventLeafHash(packed.event).toString("hex");
    }
    prev = packed.chainHash;
    return JSON.stringify(packed);
  });
  files["events.ndjson"] = strToU8(lines.join("\n") + "\n");
  for (const name of Object.keys(files).filter((n) => /^(populations|controls|sample)\/|^control/.test(n))) files[name] = strToU8(fileText(files, name).replaceAll(find, replace));
  files["leaves.txt"] = strToU8(leaves.join("\n"));
  const { privateKey, publicKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const jwk = await exportJWK(publicKey);
  files["jwks.json"] = strToU8(JSON.stringify({ keys: [{ ...jwk, kid: claimedKid ?? (await calculateJwkThumbprint(jwk)) }] }));
  manifest.chain.headHash = prev;
  manifest.files = manifest.files.map((f) => {
    const bytes = files[f.path];
    assert.isDefined(bytes, `${f.path} is in the pack`);
    return { ...f, sha256: sha256Hex(bytes), bytes: bytes.length };
  });
  manifest.populations = manifest.populations?.map((p) => ({ ...p, sha256: sha256Hex(files[p.path]!) }));
  const manifestBytes = strToU8(JSON.stringify(manifest, null, 2));
  files["manifest.json"] = manifestBytes;
  files["manifest.jws"] = strToU8(await new CompactSign(manifestBytes).setProtectedHeader({ alg: "EdDSA" }).sign(privateKey));
  return { bytes: zipSync(files) };
}
