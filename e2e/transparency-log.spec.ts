import { createPrivateKey, createPublicKey } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import type { JWK } from "jose";
import { checkpointVerifiers } from "../lib/domain/evidence-pack/verify-pack";
import { openCheckpoint, openCheckpointWithAny, signCheckpoint, type Checkpoint, type NoteSigner, type NoteVerifier } from "../lib/domain/merkle/checkpoint";
import { verifyInclusion } from "../lib/domain/merkle/inclusion-proof";
import { eventLeafHash, leafHash, treeRoot, type Hash } from "../lib/domain/merkle/tree-hash";
import { demoAgentKey, postRequest, requestPayload } from "./support/agent";
import { E2E_DATA_DIR, E2E_URL } from "./support/environment";
import { workerReplica } from "./support/replica";
import { waitFor } from "./support/wait-for";
import { signIn } from "./support/sign-in";

/** The worker's checkpoint key as `npm start` generated it; its signed-note name is the default origin. */
function verifier(): NoteVerifier {
  const { d: _private, ...publicJwk } = JSON.parse(JSON.parse(readFileSync(path.join(E2E_DATA_DIR, "secrets.json"), "utf8")).checkpointKey);
  return { name: `${new URL(E2E_URL).host}/countersign-log`, publicKey: createPublicKey({ key: publicJwk, format: "jwk" }) };
}

const asAgent = (url: string) => fetch(`${E2E_URL}${url}`, { headers: { authorization: `Bearer ${demoAgentKey()}` } });

test("the worker publishes signed checkpoints; the agent's receipt proves its request's events in one", async () => {
  const created = await postRequest(requestPayload(`Receipt ${Date.now()}`));
  expect(created.status).toBe(201);
  const id = created.body.id as string;

  // Sealed within a second, published within seconds.
  let receipt: { checkpoint: string; entries: { event: Record<string, unknown>; leafIndex: number; leafHash: string; auditPath: string[] }[] } | undefined;
  await expect
    .poll(async () => {
      const response = await asAgent(`/api/v1/action-requests/${id}/receipt`);
      if (response.status === 200) receipt = await response.json();
      return response.status;
    }, { timeout: 30_000, intervals: [500] })
    .toBe(200);
  const checkpoint = openCheckpoint(receipt!.checkpoint, verifier()) as Checkpoint;
  expect(checkpoint).not.toBeNull();
  expect(receipt!.entries.map((entry) => entry.event.type)).toEqual(expect.arrayContaining(["request.created"]));
  for (const entry of receipt!.entries) {
    const leaf = eventLeafHash(entry.event as never);
    expect(verifyInclusion(entry.leafIndex, checkpoint.size, leaf, entry.auditPath.map((h) => Buffer.from(h, "hex")), checkpoint.root)).toBe(true);
  }

  // Anyone can check it with the published keys: the JWKS lists the checkpoint key with its verifier key line.
  const jwks = (await (await fetch(`${E2E_URL}/.well-known/jwks.json`)).json()) as { keys: JWK[] };
  expect(openCheckpointWithAny(receipt!.checkpoint, checkpointVerifiers(jwks.keys))).toEqual(checkpoint);

  // The same note is in the sink, outside the database.
  const sink = path.join(E2E_DATA_DIR, "checkpoints");
  const published = readdirSync(sink).filter((name) => name.endsWith(".checkpoint"));
  expect(published.map((name) => Number(name.slice(0, 16)))).toContain(checkpoint.size);
});

test("people signed in read the log too; anonymous callers get problem+json 401", async ({ page, request }) => {
  const anonymous = await request.get("/api/v1/log/checkpoint");
  expect(anonymous.status()).toBe(401);
  expect(anonymous.headers()["content-type"]).toBe("application/problem+json");

  await signIn(page, "carol@example.com");
  await expect.poll(async () => (await page.request.get("/api/v1/log/checkpoint")).status(), { timeout: 30_000 }).toBe(200);
  const response = await page.request.get("/api/v1/log/checkpoint");
  expect(response.headers()["content-type"]).toMatch(/^text\/plain/);
  const checkpoint = openCheckpoint(await response.text(), verifier())!;
  expect(checkpoint.size).toBeGreaterThan(0);
  const proof = await page.request.get(`/api/v1/log/proofs/consistency?from=1&to=${checkpoint.size}`);
  expect(proof.status()).toBe(200);
  expect(await proof.json()).toMatchObject({ from: 1, to: checkpoint.size });
});

test("a worker started against a sink whose last checkpoint the log does not extend refuses to seal, naming the first bad seq", async () => {
  // What the sink holds after the database was rewritten behind its back: a checkpoint, signed with
  // the real key, of a log whose first event was different. The worker must not seal on top of it.
  const sink = path.join(E2E_DATA_DIR, "checkpoints");
  const lastName = readdirSync(sink).filter((name) => name.endsWith(".checkpoint")).sort().at(-1)!;
  const size = Number(lastName.slice(0, 16));
  const leaves = readdirSync(sink)
    .filter((name) => name.endsWith(".leaves") && Number(name.slice(0, 16)) <= size)
    .sort()
    .flatMap((name) => readFileSync(path.join(sink, name), "utf8").split("\n").filter(Boolean))
    .map((hex): Hash => Buffer.from(hex, "hex"));
  leaves[0] = leafHash(Buffer.from("the event as it was before the rewrite"));
  const forked = mkdtempSync(path.join(os.tmpdir(), "countersign-e2e-sink-"));
  const name = String(size).padStart(16, "0");
  writeFileSync(path.join(forked, `${name}.leaves`), leaves.map((leaf) => `${leaf.toString("hex")}\n`).join(""));
  writeFileSync(path.join(forked, `${name}.checkpoint`), signCheckpoint({ origin: verifier().name, size, root: treeRoot(leaves) }, signer()));

  const worker = workerReplica({ CHECKPOINT_DIR: forked });
  await worker.start();
  try {
    await waitFor(async () => /does not extend the last checkpoint/.test(worker.output()), 60_000, `the worker did not refuse:\n${worker.output().slice(-2000)}`);
    expect(worker.output()).toMatch(/the event at seq 1 is not the one the checkpoint/);
    expect(worker.output()).toMatch(/"firstBadSeq":1/);
    // It published nothing over the sink it distrusts.
    expect(readdirSync(forked).filter((file) => file.endsWith(".checkpoint"))).toEqual([`${name}.checkpoint`]);
  } finally {
    await worker.stop();
  }
});

function signer(): NoteSigner {
  const privateKey = createPrivateKey({ key: JSON.parse(JSON.parse(readFileSync(path.join(E2E_DATA_DIR, "secrets.json"), "utf8")).checkpointKey), format: "jwk" });
  return { name: verifier().name, privateKey, publicKey: createPublicKey(privateKey) };
}
