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
/** tlog-cosignature's Ed25519 timestamped cosignature (https://c2sp.org/tlog-cosignature). */
const COSIGNATURE_ALGORITHM = 0x04;

function checkpointBody({ origin, size, root }: Checkpoint): string {
  if (!origin || /[\n\r]/.test(origin) || !Number.isSafeInteger(size) || size < 0 || root.length !== 32) {
    throw new RangeError("a checkpoint needs a one-line origin, a size and a 32-byte root");
  }
  return `${origin}\n${size}\n${root.toString("base64")}\n`;
}

/** signed-note's key hash: the first 4 bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ raw public key). */
export function noteKeyHash(verifier: NoteVerifier, algorithm = ED25519_ALGORITHM): Buffer {
  const raw = Buffer.from(verifier.publicKey.export({ format: "jwk" }).x as string, "base64url");
  return createHash("sha256").update(`${verifier.name}\n`).update(Buffer.from([algorithm])).update(raw).digest().subarray(0, 4);
}

/** What a timestamped cosignature signs: its header and time lines, then the checkpoint's body. */
const cosignedMessage = (body: string, seconds: number) => Buffer.from(`cosignature/v1\ntime ${seconds}\n${body}`, "utf8");

/**
 * The signed note of `checkpoint`; the signature covers the body, final newline included. With
 * `signedAt`, the log's key also adds a timestamped cosignature (tlog-cosignature, Ed25519, key id
 * byte 0x04): "as of this time, this is the largest tree I have". The log signature of a given tree is
 * deterministic, so this line is what tells a witness a fresh heartbeat from an old note replayed, and
 * a quiet log from a stalled publisher. Verifiers that know only the log signature ignore it.
 */
export function signCheckpoint(checkpoint: Checkpoint, signer: NoteSigner, signedAt?: Date): string {
  const body = checkpointBody(checkpoint);
  const signature = sign(null, Buffer.from(body, "utf8"), signer.privateKey);
  const lines = [`${EM_DASH} ${signer.name} ${Buffer.concat([noteKeyHash(signer), signature]).toString("base64")}`];
  if (signedAt) {
    const seconds = Math.floor(signedAt.getTime() / 1000);
    const time = Buffer.alloc(8);
    time.writeBigUInt64BE(BigInt(seconds));
    const cosignature = sign(null, cosignedMessage(body, seconds), signer.privateKey);
    lines.push(`${EM_DASH} ${signer.name} ${Buffer.concat([noteKeyHash(signer, COSIGNATURE_ALGORITHM), time, cosignature]).toString("base64")}`);
  }
  return `${body}\n${lines.map((line) => `${line}\n`).join("")}`;
}

/** When `verifier` last vouched for the note's tree: its timestamped cosignature's time, or null if it carries none that verifies. */
export function checkpointSignedAt(note: string, verifier: NoteVerifier): Date | null {
  const split = note.indexOf("\n\n");
  if (split < 0 || !openCheckpoint(note, verifier)) return null;
  const body = note.slice(0, split + 1);
  const keyHash = noteKeyHash(verifier, COSIGNATURE_ALGORITHM);
  for (const blob of signatureBlobs(note.slice(split + 2, -1), verifier.name)) {
    if (blob.length !== 76 || !blob.subarray(0, 4).equals(keyHash)) continue;
    const seconds = blob.readBigUInt64BE(4);
    if (seconds > BigInt(Number.MAX_SAFE_INTEGER)) continue;
    if (verify(null, cosignedMessage(body, Number(seconds)), verifier.publicKey, blob.subarray(12))) return new Date(Number(seconds) * 1000);
  }
  return null;
}

/** The decoded signatures of the lines signed under `name`. */
function signatureBlobs(lines: string, name: string): Buffer[] {
  return lines.split("\n").flatMap((line) => {
    const parts = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
    return parts && parts[1] === name ? [Buffer.from(parts[2] as string, "base64")] : [];
  });
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
  for (const blob of signatureBlobs(note.slice(split + 2, -1), verifier.name)) {
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
