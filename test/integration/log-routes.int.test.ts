import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as receiptRoute } from "../../app/api/v1/action-requests/[requestId]/receipt/route";
import { GET as checkpointRoute } from "../../app/api/v1/log/checkpoint/route";
import { GET as consistencyRoute } from "../../app/api/v1/log/proofs/consistency/route";
import { GET as inclusionRoute } from "../../app/api/v1/log/proofs/inclusion/route";
import type { Database } from "../../db/client";
import { noteVerifierKey, openCheckpoint, type Checkpoint, type NoteSigner } from "../../lib/domain/merkle/checkpoint";
import { verifyConsistency } from "../../lib/domain/merkle/consistency-proof";
import { verifyInclusion } from "../../lib/domain/merkle/inclusion-proof";
import { eventLeafHash } from "../../lib/domain/merkle/tree-hash";
import type { HashableEvent } from "../../lib/domain/event-chain";
import { publishCheckpoint } from "../../lib/services/publish-checkpoint";
import { recomputeLeaves } from "../../lib/services/read-log-leaves";
import { sealEvents } from "../../lib/services/seal-events";
import { postActionRequest } from "./api-client";
import { runCli } from "./run-cli";
import { seedAgent, submitSample, type SeededAgent } from "./fixtures";
import { sealerDatabase, TEST_APP_URL, useTestDatabase } from "./test-database";

vi.stubEnv("AGENT_RATE_LIMIT", "0");
vi.stubEnv("AGENT_MAX_PENDING", "0");
afterAll(() => vi.unstubAllEnvs());

const { privateKey, publicKey } = generateKeyPairSync("ed25519");
const signer: NoteSigner = { name: "countersign.test/log", privateKey, publicKey };
const sink = mkdtempSync(path.join(os.tmpdir(), "countersign-sink-"));

let app: Database;
let agent: SeededAgent;
let other: SeededAgent;

beforeAll(async () => {
  app = await useTestDatabase();
  agent = await seedAgent(app);
  other = await seedAgent(app);
});

const sealAndPublish = async () => {
  while ((await sealEvents(sealerDatabase())) > 0);
  await publishCheckpoint(sealerDatabase(), signer, sink);
};

const withKey = (url: string, key: string) => new Request(`${TEST_APP_URL}${url}`, { headers: { authorization: `Bearer ${key}` } });
const get = (route: typeof checkpointRoute, url: string, key: string = agent.apiKey) => route(withKey(url, key), { params: Promise.resolve({}) });
const getReceipt = (requestId: string, key: string) => receiptRoute(withKey(`/api/v1/action-requests/${requestId}/receipt`, key), { params: Promise.resolve({ requestId }) });

async function latestCheckpoint(): Promise<Checkpoint> {
  const response = await get(checkpointRoute, "/api/v1/log/checkpoint");
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
  const checkpoint = openCheckpoint(await response.text(), signer);
  expect(checkpoint).not.toBeNull();
  return checkpoint!;
}

const hashes = (hex: string[]) => hex.map((h) => Buffer.from(h, "hex"));

async function expectProblem(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  return (await response.json()) as { detail: string };
}

describe("the transparency log's routes", () => {
  // Without any Authorization header the session path runs, which needs Next's request scope:
  // e2e/transparency-log.spec.ts covers sessions and anonymous callers.
  it("answer 404 problem+json before the first checkpoint, and 401 to a key that is not one", async () => {
    await expectProblem(await get(checkpointRoute, "/api/v1/log/checkpoint"), 404);
    await expectProblem(await get(checkpointRoute, "/api/v1/log/checkpoint", "cs_live_not-a-key"), 401);
    await expectProblem(await get(inclusionRoute, `/api/v1/log/proofs/inclusion?leaf=${"0".repeat(64)}&size=1`, "cs_live_not-a-key"), 401);
  });

  it("serve the signed checkpoint and inclusion proofs of every leaf that verify against it", async () => {
    for (let i = 0; i < 5; i++) await submitSample(app, agent);
    await sealAndPublish();
    const checkpoint = await latestCheckpoint();
    const leaves = await app.transaction((tx) => recomputeLeaves(tx));
    expect(checkpoint.size).toBe(leaves.length);
    for (const [index, leaf] of leaves.entries()) {
      const response = await get(inclusionRoute, `/api/v1/log/proofs/inclusion?leaf=${leaf.toString("hex").toUpperCase()}&size=${checkpoint.size}`);
      expect(response.status).toBe(200);
      const proof = (await response.json()) as { leafIndex: number; treeSize: number; auditPath: string[] };
      expect(proof).toMatchObject({ leafIndex: index, treeSize: checkpoint.size });
      expect(verifyInclusion(proof.leafIndex, proof.treeSize, leaf, hashes(proof.auditPath), checkpoint.root)).toBe(true);
    }
  });

  it("serve consistency proofs between checkpoints that verify against both", async () => {
    await sealAndPublish();
    const before = await latestCheckpoint();
    for (let i = 0; i < 3; i++) await submitSample(app, agent);
    await sealAndPublish();
    const after = await latestCheckpoint();
    expect(after.size).toBeGreaterThan(before.size);
    const response = await get(consistencyRoute, `/api/v1/log/proofs/consistency?from=${before.size}&to=${after.size}`);
    expect(response.status).toBe(200);
    const proof = (await response.json()) as { from: number; to: number; consistencyPath: string[] };
    expect(proof).toMatchObject({ from: before.size, to: after.size });
    expect(verifyConsistency(before.size, after.size, before.root, after.root, hashes(proof.consistencyPath))).toBe(true);
  });

  it("refuse bad queries with problem+json naming the parameter", async () => {
    const size = (await latestCheckpoint()).size;
    expect(JSON.stringify(await expectProblem(await get(inclusionRoute, `/api/v1/log/proofs/inclusion?leaf=xyz&size=1`), 400))).toMatch(/leaf/);
    await expectProblem(await get(inclusionRoute, `/api/v1/log/proofs/inclusion?leaf=${"ab".repeat(32)}&size=0`), 400);
    await expectProblem(await get(inclusionRoute, `/api/v1/log/proofs/inclusion?leaf=${"ab".repeat(32)}&size=${size + 100}`), 400);
    await expectProblem(await get(inclusionRoute, `/api/v1/log/proofs/inclusion?leaf=${"ab".repeat(32)}&size=${size}`), 404);
    await expectProblem(await get(consistencyRoute, `/api/v1/log/proofs/consistency?from=3&to=2`), 400);
    await expectProblem(await get(consistencyRoute, `/api/v1/log/proofs/consistency?from=1&to=${size + 100}`), 400);
    await expectProblem(await get(consistencyRoute, `/api/v1/log/proofs/consistency?from=1`), 400);
  });
});

describe("receipts", () => {
  it("give the requesting agent its events, leaves and inclusion proofs in the signed checkpoint's tree", async () => {
    const created = await postActionRequest({ action: "db.export", resource: "postgres://prod-db/customers", environment: "production", summary: "Receipt", reasoning: "A receipt test." }, { key: agent.apiKey });
    const { id } = (await created.json()) as { id: string };
    const receiptOf = (key: string) => getReceipt(id, key);

    // Not sealed yet: try again shortly.
    const early = await receiptOf(agent.apiKey);
    await expectProblem(early, 409);
    expect(Number(early.headers.get("retry-after"))).toBeGreaterThan(0);

    await sealAndPublish();
    const response = await receiptOf(agent.apiKey);
    expect(response.status).toBe(200);
    const receipt = (await response.json()) as { checkpoint: string; entries: { event: HashableEvent; leafIndex: number; leafHash: string; auditPath: string[] }[] };
    const checkpoint = openCheckpoint(receipt.checkpoint, signer)!;
    expect(checkpoint).not.toBeNull();
    expect(receipt.entries.length).toBeGreaterThan(0);
    expect(receipt.entries.every((entry) => entry.event.streamId === id)).toBe(true);
    for (const entry of receipt.entries) {
      const leaf = eventLeafHash(entry.event);
      expect(leaf.toString("hex")).toBe(entry.leafHash);
      expect(verifyInclusion(entry.leafIndex, checkpoint.size, leaf, hashes(entry.auditPath), checkpoint.root)).toBe(true);
    }

    // The CLI checks the same receipt offline against a saved key set, and refuses it once altered.
    const dir = mkdtempSync(path.join(os.tmpdir(), "countersign-receipt-"));
    const jwks = path.join(dir, "jwks.json");
    writeFileSync(jwks, JSON.stringify({ keys: [{ ...publicKey.export({ format: "jwk" }), use: "checkpoint", note_verifier: noteVerifierKey(signer) }] }));
    const saved = path.join(dir, "receipt.json");
    writeFileSync(saved, JSON.stringify(receipt));
    const verified = await runCli(["verify-receipt", saved, "--jwks", jwks]);
    expect(verified).toMatchObject({ code: 0, stdout: expect.stringContaining(`VERIFIED: request ${id}'s events`) });
    receipt.entries[0]!.event.data = { altered: true };
    writeFileSync(saved, JSON.stringify(receipt));
    const refused = await runCli(["verify-receipt", saved, "--jwks", jwks]);
    expect(refused).toMatchObject({ code: 1, stdout: expect.stringContaining("FAIL  events hash to their leaves") });

    // Another agent may not even learn that the request exists.
    await expectProblem(await receiptOf(other.apiKey), 404);
    await expectProblem(await getReceipt("not-a-uuid", agent.apiKey), 404);
    // Two CLI runs, each starting tsx: slow on a loaded machine.
  }, 120_000);
});
