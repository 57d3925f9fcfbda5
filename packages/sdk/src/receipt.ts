import { importJWK, type JWK } from "jose";
import { VerificationError } from "./errors.js";
import { canonicalJson, sha256 } from "./payload-digest.js";

export type Receipt = {
  checkpoint: string;
  entries: { event: Record<string, unknown>; leafIndex: number; leafHash: string; auditPath: string[] }[];
};

/** The log's checkpoint key as signed-note names it: the log's origin, and the public Ed25519 JWK. */
export type CheckpointKey = { origin: string; jwk: JWK };

export type VerifiedReceipt = Receipt & {
  /** The checkpoint's tree: every entry is proved included in it. */
  tree: { origin: string; size: number; rootHash: string };
  /** The origin (the log) whose signature on the checkpoint verified. */
  signedBy: string;
};

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
const fromHex = (text: string) => {
  if (!/^(?:[0-9a-f]{2})*$/i.test(text)) throw new VerificationError("a receipt hash is not hex");
  return Uint8Array.from(text.match(/../g) ?? [], (pair) => parseInt(pair, 16));
};
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};
const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((byte, i) => byte === b[i]);

/** RFC 6962 2.1: leaves and nodes hash under different prefixes, so a node can never pass as a leaf. */
const leafHash = (data: Uint8Array) => sha256(concat(Uint8Array.of(0), data));
const nodeHash = (left: Uint8Array, right: Uint8Array) => sha256(concat(Uint8Array.of(1), left, right));

/** RFC 9162 2.1.3.2: the root an inclusion proof leads to, or null if the path cannot fit a tree of `size`. */
export async function rootFromInclusionProof(index: number, size: number, leaf: Uint8Array, path: readonly Uint8Array[]): Promise<Uint8Array | null> {
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(size) && index >= 0 && index < size)) return null;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      // A right-edge node with no sibling at this level is carried up unchanged.
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

/** The C2SP checkpoint a signed note carries: origin, tree size and root hash lines, then the signatures. */
function parseCheckpoint(note: string) {
  const split = note.indexOf("\n\n");
  const body = split < 0 ? "" : note.slice(0, split + 1);
  const match = /^([^\n]+)\n(0|[1-9][0-9]{0,15})\n([A-Za-z0-9+/]{43}=)\n$/.exec(body);
  if (!match || !note.endsWith("\n")) throw new VerificationError("the receipt's checkpoint is not a signed note");
  const [, origin, size, root] = match as unknown as [string, string, string, string];
  return { body, origin, size: Number(size), root: fromBase64(root), signatures: note.slice(split + 2, -1).split("\n") };
}

/** signed-note: a line "— <name> base64(4-byte key hash ‖ Ed25519 signature)", the key hash being SHA-256(name ‖ "\n" ‖ 0x01 ‖ key)[:4]. */
async function checkpointSignedBy(checkpoint: ReturnType<typeof parseCheckpoint>, key: CheckpointKey): Promise<boolean> {
  if (key.jwk.kty !== "OKP" || key.jwk.crv !== "Ed25519" || typeof key.jwk.x !== "string") throw new TypeError("checkpointKey.jwk must be a public Ed25519 JWK");
  const raw = fromBase64(key.jwk.x.replace(/-/g, "+").replace(/_/g, "/").padEnd(44, "="));
  const keyHash = (await sha256(concat(new TextEncoder().encode(`${key.origin}\n`), Uint8Array.of(1), raw))).subarray(0, 4);
  const publicKey = (await importJWK({ kty: "OKP", crv: "Ed25519", x: key.jwk.x }, "EdDSA")) as CryptoKey;
  const body = new TextEncoder().encode(checkpoint.body);
  for (const line of checkpoint.signatures) {
    const parts = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
    if (!parts || parts[1] !== key.origin) continue;
    const blob = fromBase64(parts[2] as string);
    if (blob.length !== 68 || !equal(blob.subarray(0, 4), keyHash)) continue;
    if (await crypto.subtle.verify(publicKey.algorithm, publicKey, blob.subarray(4), body)) return true;
  }
  return false;
}

/**
 * Checks a receipt offline: the checkpoint carries the signature of one of `keys` (the log's keys),
 * every entry is an event of this request, its leaf is SHA-256(0x00 ‖ JCS(event)), and its audit path
 * leads to the checkpoint's root. Throws VerificationError on the first failure.
 */
export async function verifyReceipt(receipt: Receipt, requestId: string, keys: readonly CheckpointKey[]): Promise<VerifiedReceipt> {
  const checkpoint = parseCheckpoint(receipt.checkpoint);
  let signedBy: string | undefined;
  for (const key of keys) {
    if (checkpoint.origin === key.origin && (await checkpointSignedBy(checkpoint, key))) signedBy = key.origin;
  }
  if (signedBy === undefined) throw new VerificationError(`the receipt's checkpoint (log ${checkpoint.origin}) is not signed by any checkpoint key the client trusts`);
  if (receipt.entries.length === 0) throw new VerificationError("the receipt proves no event");
  for (const entry of receipt.entries) {
    if (entry.event.streamId !== requestId) throw new VerificationError(`the receipt holds an event of another stream (${String(entry.event.streamId)})`);
    const leaf = await leafHash(new TextEncoder().encode(canonicalJson(entry.event)));
    if (hex(leaf) !== entry.leafHash.toLowerCase()) throw new VerificationError(`event ${String(entry.event.id)} does not hash to its leaf`);
    const root = await rootFromInclusionProof(entry.leafIndex, checkpoint.size, leaf, entry.auditPath.map(fromHex));
    if (!root || !equal(root, checkpoint.root)) throw new VerificationError(`event ${String(entry.event.id)} is not proved included in the checkpoint's tree of ${checkpoint.size}`);
  }
  return { ...receipt, tree: { origin: checkpoint.origin, size: checkpoint.size, rootHash: hex(checkpoint.root) }, signedBy };
}
