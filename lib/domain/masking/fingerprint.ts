import { createHmac } from "node:crypto";

export type Fingerprinter = (kind: string, value: string) => string;

/**
 * First 6 hex chars of HMAC-SHA256(key, kind + ":" + value). Keyed so that nobody without the key
 * can confirm a guess of a low-entropy value (a password) from its placeholder.
 */
export function createFingerprinter(key: string | Uint8Array): Fingerprinter {
  if (key.length === 0) throw new TypeError("masking key must not be empty");
  const keyBytes = typeof key === "string" ? Buffer.from(key, "utf8") : Buffer.from(key);
  return (kind, value) => createHmac("sha256", keyBytes).update(`${kind}:${value}`).digest("hex").slice(0, 6);
}

/**
 * `fingerprint` with the HMACs of one call remembered: a value repeated through a text (1 MB of
 * Secret manifests, the same token in a header and a curl line) costs one HMAC. Create one per
 * call, never share it across calls: no secret may outlive the call that saw it.
 */
export function perCallFingerprinter(fingerprint: Fingerprinter): Fingerprinter {
  let seen: Map<string, string> | undefined;
  return (kind, value) => {
    seen ??= new Map();
    const key = `${kind}:${value}`;
    let fp = seen.get(key);
    if (fp === undefined) {
      fp = fingerprint(kind, value);
      seen.set(key, fp);
    }
    return fp;
  };
}
