import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { calculateJwkThumbprint, CompactSign, exportJWK, generateKeyPair } from "jose";
import { sha256Hex } from "../../lib/domain/canonical-json";
import { parseCsv } from "../../lib/domain/csv";
import { createPackDerivation } from "../../lib/domain/evidence-pack/controls/derive-pack-files";
import { ENVIRONMENT_STRATIFICATION } from "../../lib/domain/evidence-pack/controls/sample";
import type { PackedEvent, PackManifest, SampleProofs } from "../../lib/domain/evidence-pack/format";
import { inclusionProof } from "../../lib/domain/merkle/inclusion-proof";

const text = (all: Record<string, Uint8Array>, name: string) => strFromU8(all[name] ?? new Uint8Array());

/** A forger's re-signing: every file's hash and the populations' recomputed, the manifest signed with a key of their own. */
export async function resign(zip: Uint8Array, { drop = [], add = [] }: { drop?: string[]; add?: string[] } = {}): Promise<Uint8Array> {
  const all = unzipSync(zip);
  const manifest = JSON.parse(text(all, "manifest.json")) as PackManifest;
  manifest.files = [...manifest.files.filter((f) => !drop.includes(f.path)), ...add.map((path) => ({ path, sha256: "", bytes: 0 }))];
  manifest.files = manifest.files.map((f) => ({ ...f, sha256: sha256Hex(all[f.path]!), bytes: all[f.path]!.length }));
  manifest.populations = manifest.populations?.map((p) => ({ ...p, sha256: sha256Hex(all[p.path]!), rows: parseCsv(text(all, p.path)).length - 1 }));
  const { privateKey, publicKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const jwk = await exportJWK(publicKey);
  all["jwks.json"] = strToU8(JSON.stringify({ keys: [{ ...jwk, kid: await calculateJwkThumbprint(jwk) }] }));
  manifest.files = manifest.files.map((f) => (f.path === "jwks.json" ? { ...f, sha256: sha256Hex(all["jwks.json"]!), bytes: all["jwks.json"]!.length } : f));
  const bytes = strToU8(JSON.stringify(manifest, null, 2));
  all["manifest.json"] = bytes;
  all["manifest.jws"] = strToU8(await new CompactSign(bytes).setProtectedHeader({ alg: "EdDSA" }).sign(privateKey));
  return zipSync(all);
}

/**
 * A pack as an export of format 3 or 4 would have written it from `packed` (its events as that
 * format held them): every derived file drawn again with the sample stratified by environment and
 * no OSCAL file, the case files and their proofs (from the pack's own leaves) those of that sample, the manifest's
 * format and file list to match. Sign it with `resign`.
 */
export function asEnvironmentStratified(all: Record<string, Uint8Array>, format: "countersign-evidence-pack/3" | "countersign-evidence-pack/4", packed: readonly PackedEvent[]): Record<string, string> {
  const manifest = JSON.parse(text(all, "manifest.json")) as PackManifest;
  const owners = new Map(parseCsv(text(all, "populations/agents.csv")).slice(1).map((row) => [row[0]!, row[2]!]));
  const derived = new Map<string, string>();
  const derivation = createPackDerivation(owners, (name, chunk) => derived.set(name, (derived.get(name) ?? "") + chunk), {
    seed: manifest.sample!.seed,
    period: manifest.period,
    issuer: manifest.issuer,
    stratification: ENVIRONMENT_STRATIFICATION,
    oscal: null,
  });
  for (const p of packed) derivation.feed(p.seq, p.event);
  const { sample } = derivation.finish(owners.size);
  for (const name of Object.keys(all)) if (name.startsWith("sample/cases/") || name.startsWith("oscal/")) delete all[name];
  for (const [name, content] of derived) all[name] = strToU8(content);
  const leaves = text(all, "leaves.txt").trim().split("\n").map((hex) => Buffer.from(hex, "hex"));
  const { checkpoint } = JSON.parse(text(all, "sample/proofs.json")) as SampleProofs;
  const proofs = sample.seqs.map((c) => ({ ...c, auditPath: checkpoint && c.seq <= checkpoint.size ? inclusionProof(leaves, c.seq - 1, checkpoint.size).map((h) => h.toString("hex")) : null }));
  all["sample/proofs.json"] = strToU8(JSON.stringify({ checkpoint, proofs }, null, 2));
  const kept = manifest.files.filter((f) => !f.path.startsWith("sample/cases/") && !f.path.startsWith("oscal/"));
  const at = kept.findIndex((f) => f.path === "sample/sample.csv") + 1;
  const cases = [...derived.keys()].filter((name) => name.startsWith("sample/cases/")).map((path) => ({ path, sha256: "", bytes: 0 }));
  all["manifest.json"] = strToU8(JSON.stringify({ ...manifest, format, files: [...kept.slice(0, at), ...cases, ...kept.slice(at)] }, null, 2));
  return Object.fromEntries(derived);
}
