import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createRng } from "./corpus/random";
import { createHmacSha256Prefix } from "./hmac-sha256";

function bytes(r: ReturnType<typeof createRng>, n: number): Buffer {
  return Buffer.from(Array.from({ length: n }, () => r.int(0, 255)));
}

describe("HMAC-SHA256 from pad states", () => {
  it("gives createHmac's hex digits for every message length, alphabet and key length", () => {
    const r = createRng(1);
    // Keys shorter than, as long as and longer than a block (then hashed first), and a UTF-8 one.
    const keys = [Buffer.from("k"), Buffer.from("bench-key"), bytes(r, 32), bytes(r, 64), bytes(r, 65), bytes(r, 200), Buffer.from("ключ🔑")];
    const messages: string[] = [];
    // Every length across the one-, two- and three-block paddings, in 1-, 2-, 3- and 4-byte UTF-8.
    for (let n = 0; n < 200; n++) messages.push("x".repeat(n), "é".repeat(n), "€".repeat(n), "😀".repeat(n >> 1));
    for (let i = 0; i < 500; i++) {
      const b = bytes(r, r.int(0, 300));
      // Lone surrogates too: both sides encode them as U+FFFD.
      messages.push(b.toString("latin1"), b.toString("utf8"), b.toString("base64"), String.fromCharCode(...Array.from(b.subarray(0, 40), (x) => 0xd700 + x * 8)));
    }
    for (const key of keys) {
      const mac = createHmacSha256Prefix(key, 6);
      for (const m of messages) expect(mac(m), `${key.length}-byte key, ${JSON.stringify(m.slice(0, 40))}`).toBe(createHmac("sha256", key).update(m).digest("hex").slice(0, 6));
    }
  });
});
