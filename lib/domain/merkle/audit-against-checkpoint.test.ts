import { describe, expect, it } from "vitest";
import { auditAgainstCheckpoint } from "./audit-against-checkpoint";
import { leafHash, treeRoot } from "./tree-hash";

const leaves = Array.from({ length: 10 }, (_, i) => leafHash(Buffer.from(`event ${i + 1}`)));
const checkpoint = { origin: "o", size: 8, root: treeRoot(leaves, 8) };

describe("auditing the log against a checkpoint", () => {
  it("accepts a log that extends the checkpoint", () => {
    expect(auditAgainstCheckpoint(checkpoint, leaves.slice(0, 8), leaves)).toEqual({ ok: true, size: 8 });
  });

  it("names the first changed, reordered or deleted seq", () => {
    const changed = leaves.map((l, i) => (i === 4 ? leafHash(Buffer.from("forged")) : l));
    expect(auditAgainstCheckpoint(checkpoint, leaves, changed)).toMatchObject({ ok: false, firstBadSeq: 5 });
    const reordered = [...leaves.slice(0, 2), leaves[3]!, leaves[2]!, ...leaves.slice(4)];
    expect(auditAgainstCheckpoint(checkpoint, leaves, reordered)).toMatchObject({ ok: false, firstBadSeq: 3 });
    expect(auditAgainstCheckpoint(checkpoint, leaves, leaves.slice(0, 6))).toMatchObject({ ok: false, firstBadSeq: 7, problem: expect.stringMatching(/deleted/) });
  });

  it("trusts published leaves only if they rebuild the signed root", () => {
    const forgedSink = leaves.map((l, i) => (i === 1 ? leafHash(Buffer.from("x")) : l));
    expect(auditAgainstCheckpoint(checkpoint, forgedSink, forgedSink)).toMatchObject({ ok: false, firstBadSeq: null });
    expect(auditAgainstCheckpoint(checkpoint, leaves.slice(0, 7), leaves)).toMatchObject({ ok: false, firstBadSeq: null });
  });
});
