import { bigint, boolean, check, index, pgTable, primaryKey, smallint, text, timestamp } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { eventChain } from "./event-chain";

/**
 * The RFC 6962 Merkle tree over the sealed log, written by the sealer only (in the same transaction
 * as the chain links). Leaf i is the event at seq i + 1; hashes are lowercase hex. Append-only.
 */
export const logLeaves = pgTable(
  "log_leaves",
  {
    seq: bigint({ mode: "number" })
      .primaryKey()
      .references(() => eventChain.seq),
    leafHash: text().notNull(),
  },
  // Inclusion proofs are asked for by leaf hash.
  (t) => [index("log_leaves_leaf_hash_idx").on(t.leafHash)],
);

/**
 * Every perfect subtree's root above the leaves, written once by the sealer as its appends complete
 * it (in the same transaction as the leaves): the node at `level` ≥ 1 covers leaves
 * [idx · 2^level, (idx + 1) · 2^level). Level 0 is `log_leaves` (leaf idx is seq idx + 1). With them an
 * inclusion or consistency proof reads O(log n) rows instead of every leaf: each proof element is a
 * node, or on the right edge of a size that is not a power of two, the fold of at most log n nodes.
 * About one row per leaf; a node never changes once complete, so the table is append-only.
 */
export const logNodes = pgTable(
  "log_nodes",
  {
    level: smallint().notNull(),
    idx: bigint({ mode: "number" }).notNull(),
    hash: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.level, t.idx] }), check("log_nodes_above_leaves", sql`${t.level} between 1 and 63`)],
);

/** The tree's compact range (one perfect-subtree root per set bit of `size`): appending costs O(log n). One row. */
export const logTreeState = pgTable(
  "log_tree_state",
  {
    id: boolean().primaryKey().default(true),
    size: bigint({ mode: "number" }).notNull(),
    frontier: text().array().notNull(),
  },
  (t) => [check("log_tree_state_one_row", sql`${t.id}`)],
);

/** The tree head after each sealed batch: what checkpoints sign and proofs are computed against. Append-only. */
export const logTreeHeads = pgTable("log_tree_heads", {
  size: bigint({ mode: "number" }).primaryKey(),
  rootHash: text().notNull(),
  sealedAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

/**
 * Every checkpoint the worker signed and published to its sinks, as the signed note; the console
 * serves the latest. A size appears again for each heartbeat (the same tree, signed at a later
 * time). Written by the sealer's login, under the sealer's lock. Append-only.
 */
export const logCheckpoints = pgTable(
  "log_checkpoints",
  {
    size: bigint({ mode: "number" }).notNull(),
    note: text().notNull(),
    publishedAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.size, t.publishedAt] })],
);
