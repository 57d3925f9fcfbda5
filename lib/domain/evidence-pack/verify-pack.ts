import { strFromU8, strToU8, unzipSync } from "fflate";
import { calculateJwkThumbprint, compactVerify, importJWK, type JWK } from "jose";
import { sha256Hex } from "../canonical-json";
import { eventHash, verifyChain } from "../event-chain";
import { PACK_FILES, PACK_FORMAT, type PackedEvent, type PackManifest } from "./format";

export type PackCheck = { name: string; ok: boolean; detail: string };
/**
 * `signerThumbprint` is the RFC 7638 thumbprint computed from the key that verified the manifest. A
 * pack carries its own key, so a forger can re-sign it with theirs: what proves the deployment signed
 * it is this thumbprint matching the deployment's published key (or verifying with pinned keys).
 */
export type PackVerification = { ok: boolean; checks: PackCheck[]; signerThumbprint: string | null; pinned: boolean };

/**
 * Verifies an evidence pack with nothing but its bytes: the manifest's signature against the pack's
 * keys (or keys the verifier pins), every file's SHA-256, and the event chain link by link. Any
 * altered, added or removed byte fails at least one check.
 */
export async function verifyEvidencePack(zip: Uint8Array, options: { trustedKeys?: { keys: JWK[] } } = {}): Promise<PackVerification> {
  const checks: PackCheck[] = [];
  const check = (name: string, ok: boolean, detail: string) => (checks.push({ name, ok, detail }), ok);
  const pinned = !!options.trustedKeys;
  let signerThumbprint: string | null = null;
  const result = (): PackVerification => ({ ok: checks.length > 0 && checks.every((c) => c.ok), checks, signerThumbprint, pinned });

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
  if (!manifest || !check("format", manifest.format === PACK_FORMAT && Array.isArray(manifest.files), `format ${manifest.format}`)) {
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
    return result();
  }
  const chain = verifyChain(
    packed.map((p) => ({ ...p, recomputedEventHash: eventHash(p.event) })),
    firstSeq ?? Number.NaN,
    startHash ?? "",
  );
  if (!chain.ok) {
    check("event chain", false, `broken at seq ${chain.brokenAt}: ${chain.problem}`);
  } else {
    const complete = packed.length === events && chain.head === headHash;
    check("event chain", complete, complete ? `${events} events re-hashed and chained from seq ${firstSeq} to ${lastSeq}` : "the chain does not end where the manifest says");
  }
  return result();
}

function parseJson<T>(bytes: Uint8Array): T | null {
  try {
    return JSON.parse(strFromU8(bytes)) as T;
  } catch {
    return null;
  }
}
