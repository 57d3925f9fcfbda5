import { createHash, createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import type { Hash } from "./tree-hash";

/**
 * Checkpoints in the C2SP formats (https://c2sp.org/tlog-checkpoint, https://c2sp.org/signed-note):
 * the body is three lines, origin, decimal tree size and base64 root hash, and the signed note adds a
 * blank line and one "— <key name> <base64(4-byte key hash ‖ Ed25519 signature)>" line per signer.
 * Witnesses and monitors built for Certificate Transparency, Go's sumdb or Sigstore read them as is.
 */
export type Checkpoint = { origin: string; size: number; root: Hash };

/** A named Ed25519 key as signed-note knows it. */
export type NoteVerifier = { name: string; publicKey: KeyObject };
export type NoteSigner = NoteVerifier & { privateKey: KeyObject };

const EM_DASH = "\u2014";
const ED25519_ALGORITHM = 0x01;

function checkpointBody({ origin, size, root }: Checkpoint): string {
  if (!origin || /[\n\r]/.test(origin) || !Number.isSafeInteger(size) || size < 0 || root.length !== 32) {
    throw new RangeError("a checkpoint needs a one-line origin, a size and a 32-byte root");
  }
  return `${origin}\n${size}\n${root.toString("base64")}\n`;
}

/** signed-note's key hash: the first 4 bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ raw public key). */
export function noteKeyHash({ name, publicKey }: NoteVerifier): Buffer {
  const raw = Buffer.from(publicKey.export({ format: "jwk" }).x as string, "base64url");
  return createHash("sha256").update(`${name}\n`).update(Buffer.from([ED25519_ALGORITHM])).update(raw).digest().subarray(0, 4);
}

/** The signed note of `checkpoint`; the signature covers the body, final newline included. */
export function signCheckpoint(checkpoint: Checkpoint, signer: NoteSigner): string {
  const body = checkpointBody(checkpoint);
  const signature = sign(null, Buffer.from(body, "utf8"), signer.privateKey);
  return `${body}\n${EM_DASH} ${signer.name} ${Buffer.concat([noteKeyHash(signer), signature]).toString("base64")}\n`;
}

/**
 * The checkpoint a note carries, if `verifier` signed it; null if the note is malformed, carries no
 * signature by that key, or one that does not verify. Other signers' lines (witnesses) are ignored.
 */
export function openCheckpoint(note: string, verifier: NoteVerifier): Checkpoint | null {
  const split = note.indexOf("\n\n");
  if (split < 0 || !note.endsWith("\n")) return null;
  const body = note.slice(0, split + 1);
  const match = /^([^\n]+)\n(0|[1-9][0-9]{0,15})\n([A-Za-z0-9+/]{43}=)\n$/.exec(body);
  if (!match) return null;
  const [, origin, sizeText, rootText] = match as unknown as [string, string, string, string];
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) return null;
  const keyHash = noteKeyHash(verifier);
  for (const line of note.slice(split + 2, -1).split("\n")) {
    const parts = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
    if (!parts || parts[1] !== verifier.name) continue;
    const blob = Buffer.from(parts[2] as string, "base64");
    if (blob.length !== 68 || !blob.subarray(0, 4).equals(keyHash)) continue;
    if (verify(null, Buffer.from(body, "utf8"), verifier.publicKey, blob.subarray(4))) return { origin, size, root: Buffer.from(rootText, "base64") };
  }
  return null;
}

/** The checkpoint a note carries if any of `verifiers` (a log's current and retired keys) signed it; null otherwise. */
export function openCheckpointWithAny(note: string, verifiers: readonly NoteVerifier[]): Checkpoint | null {
  for (const verifier of verifiers) {
    const checkpoint = openCheckpoint(note, verifier);
    if (checkpoint) return checkpoint;
  }
  return null;
}

/**
 * The key in signed-note's verifier key form, `<name>+<hex key hash>+<base64(0x01 ‖ public key)>`,
 * the one line Go's `note.NewVerifier`, witnesses and monitors are configured with.
 */
export function noteVerifierKey(verifier: NoteVerifier): string {
  const raw = Buffer.from(verifier.publicKey.export({ format: "jwk" }).x as string, "base64url");
  return `${verifier.name}+${noteKeyHash(verifier).toString("hex")}+${Buffer.concat([Buffer.from([ED25519_ALGORITHM]), raw]).toString("base64")}`;
}

/** A verifier from its verifier key line; null unless it is a well-formed Ed25519 key whose hash matches. */
export function parseNoteVerifierKey(line: string): NoteVerifier | null {
  const match = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+=*)$/.exec(line.trim());
  if (!match) return null;
  const [, name, hash, keyText] = match as unknown as [string, string, string, string];
  const key = Buffer.from(keyText, "base64");
  if (key.length !== 33 || key[0] !== ED25519_ALGORITHM) return null;
  const verifier = { name, publicKey: createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: key.subarray(1).toString("base64url") }, format: "jwk" }) };
  return noteKeyHash(verifier).toString("hex") === hash ? verifier : null;
}
