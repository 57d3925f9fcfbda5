import { strFromU8, strToU8, unzipSync } from "fflate";
import { calculateJwkThumbprint, compactVerify, importJWK, type JWK } from "jose";
import { sha256Hex } from "../canonical-json";
import { eventHash, verifyChain } from "../event-chain";
import { parseNoteVerifierKey, type NoteVerifier } from "../merkle/checkpoint";
import type { Hash } from "../merkle/tree-hash";
import { PACK_FILES, PACK_FORMAT, PACK_FORMAT_V1, type PackCheckpoints, type PackedEvent, type PackManifest } from "./format";
import { verifyLog, type LogCheck, type TrustedCheckpoint } from "./verify-log";

/** A check's verdict; `seq` is the first seq it found wrong, when it can name one. */
export type PackCheck = LogCheck;
/**
 * `signerThumbprint` is the RFC 7638 thumbprint computed from the key that verified the manifest. A
 * pack carries its own key, so a forger can re-sign it with theirs: what proves the deployment signed
 * it is this thumbprint matching the deployment's published key (or verifying with pinned keys).
 */
export type PackVerification = { ok: boolean; checks: PackCheck[]; signerThumbprint: string | null; pinned: boolean; firstBadSeq: number | null };

/** The JWK `use` of the log's checkpoint keys in a key set; only keys of use "sig" (or none) verify the manifest. */
const CHECKPOINT_KEY_USE = "checkpoint";

/**
 * Verifies an evidence pack with nothing but its bytes: the manifest's signature against the pack's
 * keys (or keys the verifier pins), every file's SHA-256, the event chain link by link, and (format 2)
 * the transparency log's checks (verify-log.ts), against `trustedCheckpoint` too when the auditor
 * kept one. Any altered, added or removed byte fails at least one check; `firstBadSeq` is the
 * smallest seq a failing check names.
 */
export async function verifyEvidencePack(
  zip: Uint8Array,
  options: { trustedKeys?: { keys: JWK[] }; trustedCheckpoint?: TrustedCheckpoint } = {},
): Promise<PackVerification> {
  const checks: PackCheck[] = [];
  const check = (name: string, ok: boolean, detail: string, seq?: number) => (checks.push({ name, ok, detail, ...(seq !== undefined && { seq }) }), ok);
  const pinned = !!options.trustedKeys;
  let signerThumbprint: string | null = null;
  const result = (): PackVerification => {
    const named = checks.filter((c) => !c.ok && c.seq !== undefined).map((c) => c.seq as number);
    return { ok: checks.length > 0 && checks.every((c) => c.ok), checks, signerThumbprint, pinned, firstBadSeq: named.length ? Math.min(...named) : null };
  };

  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip);
  } catch {
    check("zip", false, "the file is not a readable ZIP archive");
    return result();
  }
  const manifestBytes = files[PACK_FILES.manifest];
  const signature = files[PACK_FILES.manifestSignature];
  const keysBytes = files[PACK_FILES.keys];
  const laidOut = manifestBytes !== undefined && signature !== undefined && keysBytes !== undefined;
  check("layout", laidOut, "manifest.json, manifest.jws and jwks.json are present");
  if (!laidOut) return result();

  const keys = options.trustedKeys ?? parseJson<{ keys: JWK[] }>(keysBytes);
  if (!check("keys", Array.isArray(keys?.keys), "jwks.json holds a key set")) return result();
  for (const jwk of keys!.keys) {
    // A checkpoint key signs only checkpoints: were it to verify a manifest, the worker's key could forge packs.
    if (jwk.use !== undefined && jwk.use !== "sig") continue;
    try {
      const thumbprint = await calculateJwkThumbprint(jwk);
      // Countersign names keys by their thumbprint; a key wearing another key's id is a forgery.
      if (jwk.kid !== undefined && jwk.kid !== thumbprint) continue;
      const { payload } = await compactVerify(strFromU8(signature), await importJWK(jwk, "EdDSA"), { algorithms: ["EdDSA"] });
      if (sha256Hex(payload) === sha256Hex(manifestBytes)) {
        signerThumbprint = thumbprint;
        break;
      }
    } catch {
      // not this key: try the next
    }
  }
  check(
    "signature",
    signerThumbprint !== null,
    signerThumbprint ? `manifest signed by Ed25519 key ${signerThumbprint} (${pinned ? "pinned" : "carried in the pack"})` : "the manifest signature does not verify with any acceptable key",
  );

  const manifest = parseJson<PackManifest>(manifestBytes);
  const knownFormat = manifest?.format === PACK_FORMAT || manifest?.format === PACK_FORMAT_V1;
  if (!manifest || !check("format", knownFormat && Array.isArray(manifest.files), `format ${manifest.format}`)) {
    if (!manifest) check("format", false, "manifest.json is not readable JSON");
    return result();
  }
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const file of manifest.files) {
    const bytes = files[file.path];
    check(`file ${file.path}`, !!bytes && sha256Hex(bytes) === file.sha256 && bytes.length === file.bytes, bytes ? `sha256 ${file.sha256.slice(0, 16)}…, ${file.bytes} bytes` : "missing");
  }
  const extra = Object.keys(files).filter((p) => !listed.has(p) && p !== PACK_FILES.manifest && p !== PACK_FILES.manifestSignature);
  check("no unlisted files", extra.length === 0, extra.length ? `unlisted: ${extra.join(", ")}` : "every file is in the manifest");

  const eventsBytes = files[PACK_FILES.events];
  const lines = eventsBytes ? strFromU8(eventsBytes).split("\n").filter(Boolean) : [];
  const packed = lines.map((line) => parseJson<PackedEvent>(strToU8(line))) as PackedEvent[];
  if (!check("events readable", packed.every((p) => p?.event), "every line of events.ndjson is a JSON event")) return result();
  const { firstSeq, lastSeq, startHash, headHash, events } = manifest.chain;
  if (packed.length === 0) {
    check("event chain", events === 0, events === 0 ? "the period holds no events" : `the manifest lists ${events} events but none are present`);
  } else {
    const chain = verifyChain(
      packed.map((p) => ({ ...p, recomputedEventHash: eventHash(p.event) })),
      firstSeq ?? Number.NaN,
      startHash ?? "",
    );
    if (!chain.ok) {
      check("event chain", false, `broken at seq ${chain.brokenAt}: ${chain.problem}`, chain.brokenAt);
    } else {
      const complete = packed.length === events && chain.head === headHash;
      check("event chain", complete, complete ? `${events} events re-hashed and chained from seq ${firstSeq} to ${lastSeq}` : "the chain does not end where the manifest says");
    }
  }
  if (manifest.format === PACK_FORMAT_V1) {
    check("transparency log", !options.trustedCheckpoint, `format 1 packs carry no checkpoints${options.trustedCheckpoint ? ", so the trusted checkpoint cannot be checked" : ""}`);
    return result();
  }

  const log = parseJson<PackCheckpoints>(files[PACK_FILES.checkpoints] ?? new Uint8Array());
  if (!check("checkpoints readable", Array.isArray(log?.checkpoints) && typeof log?.origin === "string", "checkpoints.json lists the log's origin and checkpoints")) return result();
  try {
    checks.push(...verifyLog({ events: packed, leaves: parseLeaves(files[PACK_FILES.leaves]), log: log!, verifiers: checkpointVerifiers(keys!.keys), trusted: options.trustedCheckpoint }));
  } catch {
    // A field of the wrong type (a note that is not text, a size that is not a number): a verdict, not a crash.
    check("checkpoints readable", false, "checkpoints.json or jwks.json holds a value of the wrong type");
  }
  return result();
}

/**
 * The log's checkpoint keys in a key set (`use: "checkpoint"`), each from its signed-note verifier key
 * (`note_verifier`), which must be the JWK's own public key.
 */
export function checkpointVerifiers(keys: readonly JWK[]): NoteVerifier[] {
  return keys.flatMap((jwk) => {
    const line = (jwk as { note_verifier?: unknown }).note_verifier;
    if (jwk.use !== CHECKPOINT_KEY_USE || typeof line !== "string") return [];
    const verifier = parseNoteVerifierKey(line);
    return verifier && verifier.publicKey.export({ format: "jwk" }).x === jwk.x ? [verifier] : [];
  });
}

/** leaves.txt: one lowercase hex SHA-256 a line, newline-terminated; null if anything else is in it. */
export function parseLeaves(bytes: Uint8Array | undefined): Hash[] | null {
  if (!bytes) return null;
  const text = strFromU8(bytes);
  if (text !== "" && !/^([0-9a-f]{64}\n)+$/.test(text)) return null;
  return text.split("\n").filter(Boolean).map((line) => Buffer.from(line, "hex"));
}

function parseJson<T>(bytes: Uint8Array): T | null {
  try {
    return JSON.parse(strFromU8(bytes)) as T;
  } catch {
    return null;
  }
}
