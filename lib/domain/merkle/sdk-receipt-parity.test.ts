import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
// The agents' SDK verifies receipts with its own copy of these algorithms (it may not import the server): both must agree.
import { rootFromInclusionProof as sdkRootFromInclusionProof, verifyReceipt } from "../../../packages/sdk/src/receipt";
import type { HashableEvent } from "../event-chain";
import { signCheckpoint, type NoteSigner } from "./checkpoint";
import { inclusionProof } from "./inclusion-proof";
import { eventLeafHash, leafHash, treeRoot } from "./tree-hash";

const { privateKey, publicKey } = generateKeyPairSync("ed25519");
const signer: NoteSigner = { name: "countersign.test/log", privateKey, publicKey };
const checkpointKey = { origin: signer.name, jwk: publicKey.export({ format: "jwk" }) as { kty: string; crv: string; x: string } };
const REQUEST = "6f1d6a4e-1f6e-4b8e-9a51-0c4f3a7b2d10";

const event = (id: number, streamId = REQUEST): HashableEvent => ({
  id,
  type: id % 2 ? "request.created" : "decision.approved",
  streamType: "request",
  streamId,
  actor: { kind: "agent", id: "a1", name: "Ünïcode agent 😀" },
  data: { n: id, nested: { z: 1, a: [1e21, 0.5, "x"] } },
  correlationId: `c-${id}`,
  occurredAt: new Date(Date.UTC(2026, 11, 1, 12, 0, id)).toISOString(),
});

/** A receipt exactly as build-receipt makes one: the server's leaves, proofs and signed checkpoint. */
function receiptFor(log: HashableEvent[], mine: number[]) {
  const leaves = log.map(eventLeafHash);
  return {
    checkpoint: signCheckpoint({ origin: signer.name, size: log.length, root: treeRoot(leaves) }, signer),
    entries: mine.map((index) => ({ event: log[index] as unknown as Record<string, unknown>, leafIndex: index, leafHash: leaves[index]!.toString("hex"), auditPath: inclusionProof(leaves, index, log.length).map((h) => h.toString("hex")) })),
  };
}

describe("the agents' SDK's receipt verification", () => {
  it("walks every server inclusion proof to the server's root, for every leaf of trees of 1 to 33 leaves", async () => {
    for (let size = 1; size <= 33; size++) {
      const leaves = Array.from({ length: size }, (_, i) => leafHash(Buffer.from(`leaf ${i}`)));
      const root = treeRoot(leaves);
      for (let index = 0; index < size; index++) {
        const sdkRoot = await sdkRootFromInclusionProof(index, size, leaves[index]!, inclusionProof(leaves, index, size));
        expect(Buffer.from(sdkRoot!).equals(root), `leaf ${index} of ${size}`).toBe(true);
      }
    }
  });

  it("accepts the server's receipt, signature included", async () => {
    const log = [event(1, "other"), event(2), event(3, "other"), event(4), event(5)];
    const verified = await verifyReceipt(receiptFor(log, [1, 3, 4]), REQUEST, [checkpointKey]);
    expect(verified).toMatchObject({ signedBy: signer.name, tree: { origin: signer.name, size: 5 } });
  });

  it("refuses a receipt with an edited event, a moved leaf, a shortened path, another stream's event, or another log's signature", async () => {
    const log = [event(1), event(2, "other"), event(3), event(4), event(5), event(6)];
    const good = () => receiptFor(log, [0, 2, 3]);
    const tampered = [
      ((r) => ((r.entries[0]!.event.data as { n: number }).n = 99, r))(good()),
      ((r) => (r.entries[1]!.leafIndex = 4, r))(good()),
      ((r) => (r.entries[2]!.auditPath.pop(), r))(good()),
      receiptFor(log, [0, 1]),
      ((r) => ({ ...r, checkpoint: signCheckpoint({ origin: signer.name, size: 6, root: treeRoot(log.map(eventLeafHash)) }, { ...signer, ...generateKeyPairSync("ed25519") }) }))(good()),
    ];
    for (const receipt of tampered) await expect(verifyReceipt(receipt, REQUEST, [checkpointKey])).rejects.toThrow();
    await expect(verifyReceipt(good(), REQUEST, [checkpointKey])).resolves.toBeDefined();
    // No trusted key, no receipt: a checkpoint anyone could have signed proves nothing.
    await expect(verifyReceipt(good(), REQUEST, [])).rejects.toThrow(/not signed by any checkpoint key/);
  });
});
