import { createPublicKey } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { openCheckpoint, type Checkpoint, type NoteVerifier } from "../lib/domain/merkle/checkpoint";
import { verifyInclusion } from "../lib/domain/merkle/inclusion-proof";
import { eventLeafHash } from "../lib/domain/merkle/tree-hash";
import { demoAgentKey, postRequest, requestPayload } from "./support/agent";
import { E2E_DATA_DIR, E2E_URL } from "./support/environment";
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
