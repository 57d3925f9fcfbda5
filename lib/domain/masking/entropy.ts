const counts = new Uint32Array(128);

/** Shannon entropy in bits per character of an ASCII string (looksRandom checks the alphabet first). */
function shannonEntropy(value: string): number {
  counts.fill(0);
  for (let i = 0; i < value.length; i++) counts[value.charCodeAt(i) & 127]!++; // & 127: an index of counts
  let bits = 0;
  for (const count of counts) {
    if (count === 0) continue;
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a value under an ambiguous name (`key`, `signature`) looks machine-generated. Deliberately
 * excludes hex and UUIDs: under such names they are far more often digests, cache keys and ids than
 * secrets, and secrets with a telling name (`encryption_key`) are masked whatever their shape.
 */
export function looksRandom(value: string): boolean {
  if (value.length < 16 || value.length > 4096) return false;
  if (!/^[A-Za-z0-9+/=_-]+$/.test(value) || /^[0-9a-f]+$/i.test(value) || UUID.test(value)) return false;
  if (!/[0-9]/.test(value) || !/[a-z]/.test(value) || !/[A-Z]/.test(value)) return false;
  return shannonEntropy(value) >= 3.3;
}
