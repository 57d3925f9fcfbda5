import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { HashableEvent } from "../event-chain";
import { signCheckpoint, type NoteSigner } from "./checkpoint";
import { inclusionProof } from "./inclusion-proof";
import { eventLeafHash, treeRoot } from "./tree-hash";
import { verifyReceipt } from "./verify-receipt";

const ORIGIN = "countersign.example/log";
const newSigner = (): NoteSigner => ({ name: ORIGIN, ...generateKeyPairSync("ed25519") });
const REQUEST = "0b9c3d8e-6a57-4f1e-9d4c-2f3b1a0e5c77";
const event = (id: number, streamId = REQUEST): HashableEvent => ({
  id,
  type: id === 3 ? "request.created" : "decision.approved",
  streamType: "request",
  streamId,
  actor: { kind: "user", id: "alice@example.com" },
  data: { n: id },
  correlationId: `c-${id}`,
  occurredAt: "2026-12-01T18:00:00.000Z",
});

/** A log of 11 events, the request's at positions 3, 6 and 9, and a receipt for them at size 11. */
function receiptFor(signer: NoteSigner, pick = [3, 6, 9]) {
  const log = Array.from({ length: 11 }, (_, i) => event(i + 1, pick.includes(i + 1) ? REQUEST : `other-${i}`));
  const leaves = log.map(eventLeafHash);
  const checkpoint = signCheckpoint({ origin: ORIGIN, size: leaves.length, root: treeRoot(leaves) }, signer);
  const entries = pick.map((id) => ({
    event: log[id - 1]!,
    leafIndex: id - 1,
    leafHash: leaves[id - 1]!.toString("hex"),
    auditPath: inclusionProof(leaves, id - 1, leaves.length).map((h) => h.toString("hex")),
  }));
  return { checkpoint, entries };
}

describe("verifying a receipt offline", () => {
  it("accepts a genuine receipt and names its request and tree size", () => {
    const signer = newSigner();
    const report = verifyReceipt(receiptFor(signer), [signer]);
    expect(report).toMatchObject({ ok: true, requestId: REQUEST, treeSize: 11 });
    expect(report.checks.map((c) => c.name)).toEqual(["checkpoint signature", "one request", "events hash to their leaves", "inclusion in the checkpoint's tree"]);
  });

  it("refuses a checkpoint signed by another key", () => {
    const report = verifyReceipt(receiptFor(newSigner()), [newSigner()]);
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.name === "checkpoint signature")?.ok).toBe(false);
  });

  it("refuses an event changed after it was logged, even with its leaf hash recomputed", () => {
    const signer = newSigner();
    const receipt = receiptFor(signer);
    receipt.entries[1]!.event = { ...receipt.entries[1]!.event, data: { n: 999 } };
    expect(verifyReceipt(receipt, [signer]).checks.find((c) => c.name === "events hash to their leaves")).toMatchObject({ ok: false, detail: expect.stringContaining("event 6") });
    receipt.entries[1]!.leafHash = eventLeafHash(receipt.entries[1]!.event).toString("hex");
    expect(verifyReceipt(receipt, [signer]).checks.find((c) => c.name === "inclusion in the checkpoint's tree")).toMatchObject({ ok: false, detail: expect.stringContaining("leaf 5") });
  });

  it("refuses a moved leaf and a shortened audit path", () => {
    const signer = newSigner();
    const moved = receiptFor(signer);
    moved.entries[0]!.leafIndex = 4;
    expect(verifyReceipt(moved, [signer]).ok).toBe(false);
    const shortened = receiptFor(signer);
    shortened.entries[2]!.auditPath.pop();
    expect(verifyReceipt(shortened, [signer]).ok).toBe(false);
  });

  it("refuses entries of more than one stream, and a malformed receipt with the field at fault", () => {
    const signer = newSigner();
    const mixed = receiptFor(signer);
    mixed.entries.push({ ...receiptFor(signer, [4]).entries[0]!, event: event(4, "someone-else") });
    expect(verifyReceipt(mixed, [signer]).checks.find((c) => c.name === "one request")?.ok).toBe(false);
    expect(verifyReceipt({ checkpoint: "x", entries: [{ event: {}, leafIndex: -1 }] }, [signer])).toMatchObject({ ok: false, checks: [{ name: "shape", ok: false }] });
    const extra = receiptFor(signer);
    (extra.entries[0]!.event as Record<string, unknown>).note = "not hashed";
    expect(verifyReceipt(extra, [signer]).checks[0]).toMatchObject({ name: "shape", detail: expect.stringContaining("entries.0.event") });
  });
});
