import type { Hash } from "../merkle/tree-hash";

const BLOCK_LEAVES = 65_536;

/**
 * A log's leaf hashes, 32 bytes each in blocks of 2 MiB rather than one object a leaf: a million
 * leaves take 32 MB, and nothing is allocated for leaves a file only claims to have.
 */
export class LeafStore {
  private blocks: Buffer[] = [];
  count = 0;

  push(leaf: Uint8Array): void {
    const offset = (this.count % BLOCK_LEAVES) * 32;
    if (offset === 0) this.blocks.push(Buffer.allocUnsafe(BLOCK_LEAVES * 32));
    (this.blocks.at(-1) as Buffer).set(leaf, offset);
    this.count += 1;
  }

  /** Leaf i (seq i + 1): a view, valid until it is overwritten. */
  at(i: number): Hash {
    const block = this.blocks[Math.floor(i / BLOCK_LEAVES)] as Buffer;
    const offset = (i % BLOCK_LEAVES) * 32;
    return block.subarray(offset, offset + 32);
  }

  set(i: number, leaf: Uint8Array): void {
    (this.blocks[Math.floor(i / BLOCK_LEAVES)] as Buffer).set(leaf, (i % BLOCK_LEAVES) * 32);
  }

  *range(from: number, to: number): Generator<Hash> {
    for (let i = from; i < to; i++) yield this.at(i);
  }

  /** Every leaf as its own Buffer: only for the proofs that need an array (a trusted checkpoint's). */
  toArray(): Hash[] {
    return Array.from({ length: this.count }, (_, i) => Buffer.from(this.at(i)));
  }
}

/**
 * leaves.txt read as it streams: one lowercase hex SHA-256 a line, each ending in "\n". `finish`
 * returns null when anything else is in it.
 */
export function createLeavesReader() {
  const store = new LeafStore();
  let partial = "";
  let wellFormed = true;
  return {
    push(text: string) {
      if (!wellFormed) return;
      const lines = (partial + text).split("\n");
      partial = lines.pop() as string;
      for (const line of lines) {
        if (line.length !== 64 || !/^[0-9a-f]{64}$/.test(line)) {
          wellFormed = false;
          return;
        }
        store.push(Buffer.from(line, "hex"));
      }
    },
    finish(): LeafStore | null {
      return wellFormed && partial === "" ? store : null;
    },
  };
}
