import { createHash } from "node:crypto";

/**
 * HMAC-SHA256 for the short messages of fingerprints, from the inner and outer pad states computed
 * once per key: two or three block compressions per message, no native object per call.
 * `createHmac` costs ~1.7 µs a message, almost all of it creating the HMAC object and crossing into
 * C++ (one per distinct secret of a call: ~10% of masking a 64 KB JSON context). Checked
 * against `createHmac` byte for byte in hmac-sha256.test.ts.
 */

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
  0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
  0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
  0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const INITIAL = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

const w = new Int32Array(64);

/** One SHA-256 compression of the 64 bytes of `block` at `offset` into `state`. */
function compress(state: Int32Array, block: Uint8Array, offset: number): void {
  for (let t = 0; t < 16; t++) {
    const j = offset + t * 4;
    w[t] = (block[j] << 24) | (block[j + 1] << 16) | (block[j + 2] << 8) | block[j + 3];
  }
  for (let t = 16; t < 64; t++) {
    const x = w[t - 15];
    const y = w[t - 2];
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
  }
  let a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7];
  for (let t = 0; t < 64; t++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (h + S1 + ch + K[t] + w[t]) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0] + a) | 0;
  state[1] = (state[1] + b) | 0;
  state[2] = (state[2] + c) | 0;
  state[3] = (state[3] + d) | 0;
  state[4] = (state[4] + e) | 0;
  state[5] = (state[5] + f) | 0;
  state[6] = (state[6] + g) | 0;
  state[7] = (state[7] + h) | 0;
}

/** The state after one block of `key XOR pad` (the key hashed first if longer than a block). */
function padState(key: Uint8Array, pad: number): Int32Array {
  const block = new Uint8Array(64).fill(pad);
  for (let i = 0; i < key.length; i++) block[i] = key[i] ^ pad;
  const state = INITIAL.slice();
  compress(state, block, 0);
  return state;
}

const encoder = new TextEncoder();
let buffer = new Uint8Array(256);
const outerBlock = new Uint8Array(64);
const state = new Int32Array(8);

/** Continues from `start` (a pad state) over `length` message bytes in `buffer`, after one 64-byte block. */
function finish(start: Int32Array, length: number): void {
  state.set(start);
  // Pad: 0x80, zeros, then the bit length of block + message (big-endian, 64 bits) at the end of a block.
  const total = (Math.floor((length + 8) / 64) + 1) * 64;
  buffer[length] = 0x80;
  buffer.fill(0, length + 1, total);
  const bits = (length + 64) * 8;
  buffer[total - 4] = bits >>> 24;
  buffer[total - 3] = bits >>> 16;
  buffer[total - 2] = bits >>> 8;
  buffer[total - 1] = bits;
  buffer[total - 5] = Math.floor(bits / 2 ** 32);
  for (let offset = 0; offset < total; offset += 64) compress(state, buffer, offset);
}

/** HMAC-SHA256 keyed by `key`, returning the first `hexChars` (<= 8) hex digits of the MAC. */
export function createHmacSha256Prefix(key: Uint8Array, hexChars: number): (message: string) => string {
  const blockKey = key.length > 64 ? new Uint8Array(createHash("sha256").update(key).digest()) : key;
  const inner = padState(blockKey, 0x36);
  const outer = padState(blockKey, 0x5c);
  return (message) => {
    if (buffer.length < message.length * 3 + 72) buffer = new Uint8Array(message.length * 3 + 72);
    const { written } = encoder.encodeInto(message, buffer);
    finish(inner, written);
    for (let i = 0; i < 8; i++) {
      const v = state[i];
      outerBlock[i * 4] = v >>> 24;
      outerBlock[i * 4 + 1] = v >>> 16;
      outerBlock[i * 4 + 2] = v >>> 8;
      outerBlock[i * 4 + 3] = v;
    }
    buffer.set(outerBlock.subarray(0, 32), 0);
    finish(outer, 32);
    return (state[0] >>> 0).toString(16).padStart(8, "0").slice(0, hexChars);
  };
}
