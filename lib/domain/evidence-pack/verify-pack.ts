import { createHash } from "node:crypto";
import { calculateJwkThumbprint, compactVerify, importJWK, type JWK } from "jose";
import { sha256Hex } from "../canonical-json";
import { createChainVerifier, hashedEventJson } from "../event-chain";
import { parseNoteVerifierKey, type NoteVerifier } from "../merkle/checkpoint";
import { leafHash } from "../merkle/tree-hash";
import { createPackDerivation, type DerivedSummary } from "./controls/derive-pack-files";
import { populationPath } from "./controls/populations";
import { ENVIRONMENT_STRATIFICATION, RISK_STRATIFICATION } from "./controls/sample";
import { parseCsv } from "../csv";
import { PACK_FILES, PACK_FORMAT, PACK_FORMAT_V1, PACK_FORMAT_V3, PACK_FORMAT_V4, PACK_FORMATS, packedEventPrefix, type PackCheckpoints, type PackedEvent, type PackLink, type PackManifest, type SampleProofs } from "./format";
import { createLeavesReader, type LeafStore } from "./leaf-store";
import { createLogVerification, verifyLink, verifySampleProofs, type LogCheck, type TrustedCheckpoint } from "./verify-log";
import { zipBytesSource, type PackSource } from "./zip-source";

/** A check's verdict; `seq` is the first seq it found wrong, when it can name one. */
export type PackCheck = LogCheck;
/**
 * `signerThumbprint` is the RFC 7638 thumbprint computed from the key that verified the manifest. A
 * pack carries its own key, so a forger can re-sign it with theirs: what proves the deployment signed
 * it is this thumbprint matching the deployment's published key (or verifying with pinned keys).
 * `controls` (format 3 and later) is the result of every control as verify re-performed it.
 */
export type PackVerification = {
  ok: boolean;
  checks: PackCheck[];
  signerThumbprint: string | null;
  pinned: boolean;
  firstBadSeq: number | null;
  controls: ReperformedControl[] | null;
};

/** A control as verify re-performed it; integrity controls take this verification's verdict. */
export type ReperformedControl = { id: string; framework: string; title: string; result: string; metric: string };

/** The JWK `use` of the log's checkpoint keys in a key set; only keys of use "sig" (or none) verify the manifest. */
const CHECKPOINT_KEY_USE = "checkpoint";
/** The most a small file (manifest, keys, checkpoints) may take in memory; the big ones are streamed. */
const SMALL_FILE_LIMIT = 64 * 1024 * 1024;

/**
 * Verifies an evidence pack with nothing but its bytes, streaming every entry (memory stays flat
 * however many events it holds): the manifest's signature against the pack's keys (or keys the
 * verifier pins), every file's SHA-256, the event chain link by link, the transparency log's checks
 * (format 2 and later, verify-log.ts), against `trustedCheckpoint` too when the auditor kept one,
 * and (format 3 and later) every population, exception and control result re-derived from the events and
 * compared byte for byte. Any altered, added or removed byte fails at least one check; `firstBadSeq`
 * is the smallest seq a failing check names.
 */
export async function verifyEvidencePack(
  input: Uint8Array | PackSource,
  options: { trustedKeys?: { keys: JWK[] }; trustedCheckpoint?: TrustedCheckpoint; sampleSeed?: string } = {},
): Promise<PackVerification> {
  const checks: PackCheck[] = [];
  const check = (name: string, ok: boolean, detail: string, seq?: number) => (checks.push({ name, ok, detail, ...(seq !== undefined && { seq }) }), ok);
  const pinned = !!options.trustedKeys;
  let signerThumbprint: string | null = null;
  let controls: PackVerification["controls"] = null;
  const result = (): PackVerification => {
    const named = checks.filter((c) => !c.ok && c.seq !== undefined).map((c) => c.seq as number);
    return { ok: checks.length > 0 && checks.every((c) => c.ok), checks, signerThumbprint, pinned, firstBadSeq: named.length ? Math.min(...named) : null, controls };
  };

  let source: PackSource;
  try {
    source = input instanceof Uint8Array ? await zipBytesSource(input) : input;
  } catch {
    check("zip", false, "the file is not a readable ZIP archive");
    return result();
  }
  try {
    const present = new Set(source.names);
    const twice = source.names.filter((name, i) => source.names.indexOf(name) !== i);
    const small = async (name: string) => (present.has(name) ? readSmall(source, name) : undefined);
    const manifestBytes = await small(PACK_FILES.manifest);
    const signature = await small(PACK_FILES.manifestSignature);
    const keysBytes = await small(PACK_FILES.keys);
    const laidOut = manifestBytes !== undefined && signature !== undefined && keysBytes !== undefined && twice.length === 0;
    check("layout", laidOut, twice.length ? `entries appear twice: ${[...new Set(twice)].join(", ")}` : "manifest.json, manifest.jws and jwks.json are present");
    if (!laidOut) return result();

    const keys = options.trustedKeys ?? parseJson<{ keys: JWK[] }>(keysBytes);
    if (!check("keys", Array.isArray(keys?.keys), "jwks.json holds a key set")) return result();
    signerThumbprint = await manifestSigner(keys!.keys, signature, manifestBytes);
    check(
      "signature",
      signerThumbprint !== null,
      signerThumbprint ? `manifest signed by Ed25519 key ${signerThumbprint} (${pinned ? "pinned" : "carried in the pack"})` : "the manifest signature does not verify with any acceptable key",
    );

    const manifest = parseJson<PackManifest>(manifestBytes);
    const knownFormat = PACK_FORMATS.includes(manifest?.format as PackManifest["format"]);
    if (!manifest || !check("format", knownFormat && Array.isArray(manifest.files), `format ${manifest?.format}`)) {
      if (!manifest) check("format", false, "manifest.json is not readable JSON");
      return result();
    }
    const listed = new Map(manifest.files.map((f) => [f.path, f]));
    // Each listed file is hashed as it streams, whoever else reads it meanwhile.
    const hashed = new Map<string, { sha256: string; bytes: number }>();
    const stream = async function* (name: string) {
      if (!present.has(name)) return;
      const hash = createHash("sha256");
      let bytes = 0;
      for await (const chunk of source.read(name)) {
        hash.update(chunk);
        bytes += chunk.length;
        yield chunk;
      }
      hashed.set(name, { sha256: hash.digest("hex"), bytes });
    };
    const drain = async (name: string) => {
      for await (const _ of stream(name));
    };

    // Format 2 and later: the log's checkpoints, then its leaves, before the events that replace them.
    const v1 = manifest.format === PACK_FORMAT_V1;
    let log: PackCheckpoints | null = null;
    let leaves: LeafStore | null = null;
    if (!v1) {
      log = parseJson<PackCheckpoints>(await collect(stream(PACK_FILES.checkpoints)));
      const reader = createLeavesReader();
      const decoder = new TextDecoder();
      for await (const chunk of stream(PACK_FILES.leaves)) reader.push(decoder.decode(chunk, { stream: true }));
      leaves = present.has(PACK_FILES.leaves) ? reader.finish() : null;
    }
    const logReadable = v1 || (Array.isArray(log?.checkpoints) && typeof log?.origin === "string");
    let logVerification: ReturnType<typeof createLogVerification> | null = null;
    if (!v1 && logReadable) {
      try {
        logVerification = createLogVerification({ leaves, log: log!, verifiers: checkpointVerifiers(keys!.keys), trusted: options.trustedCheckpoint });
      } catch {
        logVerification = null;
      }
    }

    // Format 3 and later: the same derivation as the export, fed the same events; its files are only hashed.
    const reperforms = manifest.format === PACK_FORMAT || manifest.format === PACK_FORMAT_V4 || manifest.format === PACK_FORMAT_V3;
    // Format 4 and later lines carry each event as its canonical JSON: hashed as read, not serialised again.
    const canonicalLines = manifest.format === PACK_FORMAT || manifest.format === PACK_FORMAT_V4;
    // Format 5 stratifies the sample by the risk the requests recorded, 3 and 4 by environment; only 5 has OSCAL.
    const stratification = manifest.format === PACK_FORMAT ? RISK_STRATIFICATION : ENVIRONMENT_STRATIFICATION;
    const seed = manifest.sample?.seed;
    if (reperforms && options.sampleSeed !== undefined) {
      check("sample seed", seed === options.sampleSeed, seed === options.sampleSeed ? "the sample was drawn with the seed you gave" : `the sample was drawn with seed ${String(seed)}, not the one you gave`);
    }
    const derivedHashes = new Map<string, ReturnType<typeof createHash>>();
    const agents = reperforms ? readAgentOwners(await collect(stream(populationPath("agents")))) : null;
    const derivation = reperforms
      ? createPackDerivation(agents!.owners, (name, text) => {
          let hash = derivedHashes.get(name);
          if (!hash) derivedHashes.set(name, (hash = createHash("sha256")));
          hash.update(text);
        }, {
          seed: typeof seed === "string" ? seed : "",
          period: manifest.period,
          issuer: manifest.issuer,
          stratification,
          oscal: manifest.format === PACK_FORMAT ? { format: manifest.format, generatedAt: manifest.generatedAt } : null,
        })
      : null;

    const { firstSeq, startHash } = manifest.chain;
    const chain = createChainVerifier(firstSeq ?? Number.NaN, startHash ?? "");
    let events = 0;
    let readable = true;
    let logBroken = false;
    /** A line of events.ndjson, as text and as the bytes it was read as. */
    const onLine = (line: string, bytes: Uint8Array) => {
      const packed = parseJson<PackedEvent>(line);
      if (!packed?.event || typeof packed.event !== "object") {
        readable = false;
        return;
      }
      events += 1;
      let json = canonicalLines ? hashedEventBytesIn(line, bytes, packed) : null;
      const asRead = json !== null;
      if (json === null) {
        try {
          json = Buffer.from(hashedEventJson(packed.event), "utf8");
        } catch {
          readable = false;
          return;
        }
      }
      chain.next({ ...packed, recomputedEventHash: asRead ? packed.eventHash : sha256Hex(json) });
      try {
        logVerification?.feed(packed, leafHash(json));
      } catch {
        logBroken = true;
      }
      derivation?.feed(packed.seq, packed.event);
    };
    let partial: Buffer = Buffer.alloc(0);
    for await (const chunk of stream(PACK_FILES.events)) {
      const buffer = partial.length ? Buffer.concat([partial, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      let start = 0;
      for (let end = buffer.indexOf(10, start); end >= 0; end = buffer.indexOf(10, start)) {
        if (end > start) onLine(buffer.toString("utf8", start, end), buffer.subarray(start, end));
        start = end + 1;
      }
      partial = Buffer.from(buffer.subarray(start));
    }
    if (partial.length) onLine(partial.toString("utf8"), partial);
    for (const name of source.names) if (!hashed.has(name) && listed.has(name)) await drain(name);

    for (const file of manifest.files) {
      const got = hashed.get(file.path);
      check(`file ${file.path}`, !!got && got.sha256 === file.sha256 && got.bytes === file.bytes, got ? `sha256 ${file.sha256.slice(0, 16)}…, ${file.bytes} bytes` : "missing");
    }
    const extra = source.names.filter((p) => !listed.has(p) && p !== PACK_FILES.manifest && p !== PACK_FILES.manifestSignature);
    check("no unlisted files", extra.length === 0, extra.length ? `unlisted: ${extra.join(", ")}` : "every file is in the manifest");

    if (!check("events readable", readable, "every line of events.ndjson is a JSON event")) return result();
    const expected = manifest.chain.events;
    if (events === 0) {
      check("event chain", expected === 0, expected === 0 ? "the period holds no events" : `the manifest lists ${expected} events but none are present`);
    } else {
      const verdict = chain.result();
      if (!verdict.ok) check("event chain", false, `broken at seq ${verdict.brokenAt}: ${verdict.problem}`, verdict.brokenAt);
      else {
        const complete = events === expected && verdict.head === manifest.chain.headHash;
        check("event chain", complete, complete ? `${expected} events re-hashed and chained from seq ${firstSeq} to ${manifest.chain.lastSeq}` : "the chain does not end where the manifest says");
      }
    }

    if (v1) check("transparency log", !options.trustedCheckpoint, `format 1 packs carry no checkpoints${options.trustedCheckpoint ? ", so the trusted checkpoint cannot be checked" : ""}`);
    else if (!check("checkpoints readable", logReadable && !!logVerification && !logBroken, "checkpoints.json lists the log's origin and checkpoints")) return result();
    else {
      try {
        checks.push(...logVerification!.finish());
        if (listed.has(PACK_FILES.link)) checks.push(verifyLink(parseJson<PackLink>(await collect(stream(PACK_FILES.link))), log!, checkpointVerifiers(keys!.keys)));
      } catch {
        // A field of the wrong type (a note that is not text, a size that is not a number): a verdict, not a crash.
        check("checkpoints readable", false, "checkpoints.json or jwks.json holds a value of the wrong type");
      }
    }

    if (derivation && agents) {
      // The integrity controls' verdict is this verification's: every check so far.
      const integrity = checks.every((c) => c.ok);
      const summary = derivation.finish(agents.rows);
      controls = reperformed(check, manifest, summary, derivedHashes, agents.rows, hashed, integrity);
      if (Array.isArray(log?.checkpoints)) {
        const proofs = parseJson<SampleProofs>(present.has(PACK_FILES.sampleProofs) ? await collect(stream(PACK_FILES.sampleProofs)) : undefined);
        try {
          checks.push(verifySampleProofs(proofs, summary.sample.seqs, log!, leaves, checkpointVerifiers(keys!.keys)));
        } catch {
          check("sample proofs", false, "checkpoints.json or sample/proofs.json holds a value of the wrong type");
        }
      }
    }
    return result();
  } finally {
    source.close();
  }
}

/**
 * Format 3: every derived file as verify rebuilt it from the events must be the pack's byte for byte,
 * every population's row count and SHA-256 in the manifest must be those, and each control prints
 * its re-performed result. A difference names the file (and the control) that changed.
 */
function reperformed(
  check: (name: string, ok: boolean, detail: string) => boolean,
  manifest: PackManifest,
  summary: DerivedSummary,
  derived: Map<string, ReturnType<typeof createHash>>,
  agentRows: number,
  hashed: Map<string, { sha256: string }>,
  integrity: boolean,
): ReperformedControl[] {
  const rebuilt = new Map([...derived].map(([name, hash]) => [name, hash.digest("hex")]));
  const packed = new Map(manifest.files.map((f) => [f.path, f.sha256]));
  const differs = [...rebuilt].filter(([name, sha]) => packed.get(name) !== sha).map(([name]) => name);
  const derivedDiffers = differs.filter((name) => !name.startsWith("sample/"));
  check(
    "populations re-derived",
    derivedDiffers.length === 0,
    derivedDiffers.length
      ? `what the events give differs from the pack's ${derivedDiffers.join(", ")}: a row was changed, added or removed`
      : `${rebuilt.size} files (populations, exceptions, controls, matrix, sample) rebuilt byte for byte from the events`,
  );
  const sampleFiles = [...rebuilt.keys()].filter((name) => name.startsWith("sample/"));
  const sampleDiffers = differs.filter((name) => name.startsWith("sample/"));
  check(
    "sample re-drawn",
    sampleDiffers.length === 0,
    sampleDiffers.length
      ? `drawn again from seed ${manifest.sample?.seed}, the sample differs from the pack's ${sampleDiffers.join(", ")}`
      : `${summary.sample.cases} request(s) in ${summary.sample.strata.length} stratum(s), drawn again from seed ${manifest.sample?.seed}: ${sampleFiles.length} files as in the pack`,
  );
  const rows: Record<string, number> = { ...summary.populationRows, agents: agentRows };
  const populations = manifest.populations ?? [];
  const wrong = populations.filter((p) => p.rows !== rows[p.name] || p.sha256 !== hashed.get(p.path)?.sha256);
  const missing = Object.keys(rows).filter((name) => !populations.some((p) => p.name === name));
  check(
    "population counts",
    wrong.length === 0 && missing.length === 0,
    wrong.length || missing.length
      ? `the manifest's ${[...wrong.map((p) => `${p.name} (says ${p.rows} rows, ${p.sha256.slice(0, 12)}…; found ${rows[p.name] ?? 0})`), ...missing.map((m) => `${m} (not listed)`)].join(", ")}`
      : `${populations.length} populations: row counts and SHA-256 as the manifest states`,
  );
  return summary.controls.map((control) => {
    const changed = differs.filter((name) => control.files.includes(name));
    const result = control.integrity ? (integrity ? "integrity verified" : "integrity failed") : control.result;
    check(`control ${control.id}`, changed.length === 0, `${result}: ${control.metric}${changed.length ? ` (its files differ: ${changed.join(", ")})` : ""}`);
    return { id: control.id, framework: control.framework, title: control.title, result, metric: control.metric };
  });
}

/**
 * A format 4 line's event as it stands in the line's bytes, when those are the bytes its `eventHash`
 * is over: the line must begin with the prefix its own link gives (so what follows is the event and
 * the closing brace, and nothing else), and the rest must hash to `eventHash`. SHA-256 then makes
 * them the canonical JSON the sealer hashed, which is what the line parsed to. Null otherwise (a
 * changed event, a line laid out another way): the caller canonicalises the parsed event, as for
 * older formats, and the chain check names what is wrong.
 */
function hashedEventBytesIn(line: string, bytes: Uint8Array, packed: PackedEvent): Uint8Array | null {
  const prefix = packedEventPrefix(packed);
  if (!line.startsWith(prefix) || !line.endsWith("}")) return null;
  // A prefix of digits, hex and key names is as many bytes as characters; any other fails the hash.
  const json = bytes.subarray(prefix.length, bytes.length - 1);
  return sha256Hex(json) === packed.eventHash ? json : null;
}

async function manifestSigner(keys: readonly JWK[], signature: Uint8Array, manifestBytes: Uint8Array): Promise<string | null> {
  for (const jwk of keys) {
    // A checkpoint key signs only checkpoints: were it to verify a manifest, the worker's key could forge packs.
    if (jwk.use !== undefined && jwk.use !== "sig") continue;
    try {
      const thumbprint = await calculateJwkThumbprint(jwk);
      // Countersign names keys by their thumbprint; a key wearing another key's id is a forgery.
      if (jwk.kid !== undefined && jwk.kid !== thumbprint) continue;
      const { payload } = await compactVerify(new TextDecoder().decode(signature), await importJWK(jwk, "EdDSA"), { algorithms: ["EdDSA"] });
      if (sha256Hex(payload) === sha256Hex(manifestBytes)) return thumbprint;
    } catch {
      // not this key: try the next
    }
  }
  return null;
}

/** populations/agents.csv: each agent's owner (the independence test's reference) and how many rows there are. */
function readAgentOwners(bytes: Uint8Array): { owners: Map<string, string>; rows: number } {
  const rows = parseCsv(new TextDecoder().decode(bytes)).slice(1);
  return { owners: new Map(rows.map((row) => [row[0] ?? "", row[2] ?? ""])), rows: rows.length };
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.length;
    if (size > SMALL_FILE_LIMIT) throw new Error("a file the verifier reads whole is too large");
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

const readSmall = (source: PackSource, name: string) => collect(source.read(name));

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

function parseJson<T>(bytes: Uint8Array | string | undefined): T | null {
  if (bytes === undefined) return null;
  try {
    return JSON.parse(typeof bytes === "string" ? bytes : new TextDecoder().decode(bytes)) as T;
  } catch {
    return null;
  }
}
