import { createHash, createPublicKey, generateKeyPairSync, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkpointSignedAt, noteKeyHash, noteVerifierKey, openCheckpoint, openCheckpointWithAny, parseNoteVerifierKey, signCheckpoint, type NoteSigner } from "./checkpoint";
import { leafHash } from "./tree-hash";

const newSigner = (name = "countersign.example/log"): NoteSigner => {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return { name, privateKey, publicKey };
};
const root = leafHash(Buffer.from("root"));

describe("C2SP checkpoints", () => {
  it("writes the tlog-checkpoint body and one signed-note signature line, and opens its own notes", () => {
    const signer = newSigner();
    const note = signCheckpoint({ origin: "countersign.example/log", size: 42, root }, signer);
    const lines = note.split("\n");
    expect(lines.slice(0, 4)).toEqual(["countersign.example/log", "42", root.toString("base64"), ""]);
    expect(lines[4]).toMatch(/^— countersign\.example\/log [A-Za-z0-9+/]{91}=$/);
    expect(Buffer.from(lines[4]!.split(" ")[2]!, "base64").subarray(0, 4)).toEqual(noteKeyHash(signer));
    expect(note.endsWith("\n")).toBe(true);
    expect(openCheckpoint(note, signer)).toEqual({ origin: "countersign.example/log", size: 42, root });
  });

  it("computes signed-note's key hash as in the Go reference (golang.org/x/mod/sumdb/note)", () => {
    // Verifier key from golang.org/x/mod/sumdb/note's example: PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW.
    const raw = Buffer.from("ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "base64").subarray(1);
    const publicKey = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: raw.toString("base64url") }, format: "jwk" });
    expect(noteKeyHash({ name: "PeterNeumann", publicKey }).toString("hex")).toBe("c74f20a3");
  });

  it("refuses a note another key signed, a changed body or signature, and malformed notes", () => {
    const signer = newSigner();
    const note = signCheckpoint({ origin: "countersign.example/log", size: 7, root }, signer);
    expect(openCheckpoint(note, newSigner())).toBeNull();
    expect(openCheckpoint(note.replace("\n7\n", "\n8\n"), signer)).toBeNull();
    const [body, sig] = note.split("\n\n") as [string, string];
    const blob = Buffer.from(sig.trim().split(" ")[2]!, "base64");
    blob[10]! ^= 1;
    expect(openCheckpoint(`${body}\n\n— countersign.example/log ${blob.toString("base64")}\n`, signer)).toBeNull();
    expect(openCheckpoint(note.trimEnd(), signer)).toBeNull();
    expect(openCheckpoint(`${body}\n`, signer)).toBeNull();
    expect(openCheckpoint(note.replace("\n7\n", "\n07\n"), signer)).toBeNull();
    expect(() => signCheckpoint({ origin: "two\nlines", size: 1, root }, signer)).toThrow(RangeError);
  });

  it("ignores other signers' lines (witness cosignatures) and accepts the note with them", () => {
    const signer = newSigner();
    const witness = newSigner("witness.example");
    const note = signCheckpoint({ origin: "countersign.example/log", size: 3, root }, signer);
    const cosigned = `${note}${signCheckpoint({ origin: "countersign.example/log", size: 3, root }, witness).split("\n\n")[1]}`;
    expect(openCheckpoint(cosigned, signer)?.size).toBe(3);
    expect(openCheckpoint(cosigned, witness)?.size).toBe(3);
  });

  it("reads and writes signed-note verifier keys exactly as Go's reference does", () => {
    const vkey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    const verifier = parseNoteVerifierKey(vkey);
    expect(verifier?.name).toBe("PeterNeumann");
    expect(noteVerifierKey(verifier!)).toBe(vkey);
    expect(parseNoteVerifierKey(vkey.replace("c74f20a3", "c74f20a4"))).toBeNull();
    expect(parseNoteVerifierKey(vkey.replace("+ARpc", "+AhpC"))).toBeNull();
    expect(parseNoteVerifierKey("PeterNeumann+c74f20a3")).toBeNull();
  });

  it("opens a note signed by any of a log's keys, current or retired, and none signed by a stranger", () => {
    const [retired, current, stranger] = [newSigner(), newSigner(), newSigner()];
    const note = signCheckpoint({ origin: "countersign.example/log", size: 5, root }, retired!);
    expect(openCheckpointWithAny(note, [current!, retired!])?.size).toBe(5);
    expect(openCheckpointWithAny(note, [current!, stranger!])).toBeNull();
    expect(openCheckpointWithAny(note, [])).toBeNull();
    const viaLine = parseNoteVerifierKey(noteVerifierKey(retired!))!;
    expect(openCheckpointWithAny(note, [viaLine])?.size).toBe(5);
  });

  it("adds a tlog-cosignature timestamped cosignature by the log's key, as the spec builds it, and reads its time back", () => {
    const signer = newSigner();
    const at = new Date("2026-12-01T17:40:05.900Z");
    const note = signCheckpoint({ origin: "countersign.example/log", size: 9, root }, signer, at);
    const [body, signatures] = note.split("\n\n") as [string, string];
    const lines = signatures.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    // The first line is the plain log signature, unchanged: what every verifier already checks.
    expect(`${body}\n\n${lines[0]}\n`).toBe(signCheckpoint({ origin: "countersign.example/log", size: 9, root }, signer));
    // Rebuilt independently from the spec: key id over 0x04, a big-endian u64 time, Ed25519 over the v1 message.
    const blob = Buffer.from(lines[1]!.split(" ")[2]!, "base64");
    const raw = Buffer.from(signer.publicKey.export({ format: "jwk" }).x!, "base64url");
    const keyId = createHash("sha256").update("countersign.example/log\n").update(Buffer.from([0x04])).update(raw).digest().subarray(0, 4);
    expect(blob.subarray(0, 4)).toEqual(keyId);
    expect(blob.readBigUInt64BE(4)).toBe(1796146805n);
    const message = Buffer.from(`cosignature/v1\ntime 1796146805\n${body}\n`);
    expect(verify(null, message, signer.publicKey, blob.subarray(12))).toBe(true);

    expect(openCheckpoint(note, signer)).toEqual({ origin: "countersign.example/log", size: 9, root });
    expect(checkpointSignedAt(note, signer)).toEqual(new Date("2026-12-01T17:40:05Z"));
    expect(checkpointSignedAt(signCheckpoint({ origin: "countersign.example/log", size: 9, root }, signer), signer)).toBeNull();
    expect(checkpointSignedAt(note, newSigner())).toBeNull();
    // A time changed after signing does not verify.
    blob.writeBigUInt64BE(1796150000n, 4);
    expect(checkpointSignedAt(`${body}\n\n${lines[0]}\n${lines[1]!.split(" ").slice(0, 2).join(" ")} ${blob.toString("base64")}\n`, signer)).toBeNull();
  });
});
