import { z } from "zod";
import { openCheckpointWithAny, type NoteVerifier } from "./checkpoint";
import { verifyInclusion } from "./inclusion-proof";
import { eventLeafHash } from "./tree-hash";

const hex = z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex characters");

/** A receipt as `GET /api/v1/action-requests/{id}/receipt` returns it (see the contract). */
const receiptSchema = z.object({
  checkpoint: z.string().min(1),
  entries: z
    .array(
      z.object({
        // Exactly the hashed fields: anything else would not be what the leaf commits to.
        event: z.strictObject({
          id: z.number().int(),
          type: z.string(),
          streamType: z.string(),
          streamId: z.string(),
          actor: z.unknown(),
          data: z.unknown(),
          correlationId: z.string(),
          occurredAt: z.string(),
        }),
        leafIndex: z.number().int().min(0),
        leafHash: hex,
        auditPath: z.array(hex).max(64),
      }),
    )
    .min(1, "must hold at least one entry"),
});

export type ReceiptCheck = { name: string; ok: boolean; detail: string };
export type ReceiptReport = { ok: boolean; checks: ReceiptCheck[]; requestId: string | null; treeSize: number | null };

/**
 * Checks a receipt offline: the checkpoint is signed by one of the log's keys, every event hashes to
 * its leaf, every leaf is in the checkpoint's tree, and every event belongs to one request. What it
 * proves: the log that signed the checkpoint committed to these events, in these positions, and can
 * never publish a later checkpoint that drops them without a consistency proof failing.
 */
export function verifyReceipt(input: unknown, verifiers: readonly NoteVerifier[]): ReceiptReport {
  const parsed = receiptSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, requestId: null, treeSize: null, checks: [{ name: "shape", ok: false, detail: `${issue.path.join(".") || "receipt"}: ${issue.message}` }] };
  }
  const { checkpoint, entries } = parsed.data;
  const checks: ReceiptCheck[] = [];
  const opened = openCheckpointWithAny(checkpoint, verifiers);
  checks.push({
    name: "checkpoint signature",
    ok: opened !== null,
    detail: opened ? `signed by the log ${opened.origin} at size ${opened.size}` : "not signed by any checkpoint key given (use: \"checkpoint\" keys of the deployment's jwks.json)",
  });
  const streams = new Set(entries.map(({ event }) => `${event.streamType}/${event.streamId}`));
  const requestId = streams.size === 1 && entries[0]!.event.streamType === "request" ? entries[0]!.event.streamId : null;
  checks.push({ name: "one request", ok: requestId !== null, detail: requestId ? `every event is of request ${requestId}` : `events of ${[...streams].join(", ")}` });
  const badHash = entries.find(({ event, leafHash }) => eventLeafHash(event).toString("hex") !== leafHash);
  checks.push({
    name: "events hash to their leaves",
    ok: !badHash,
    detail: badHash ? `event ${badHash.event.id} does not hash to leaf ${badHash.leafHash}` : `${entries.length} events, each SHA-256(0x00 ‖ JCS(event)) = its leafHash`,
  });
  if (opened) {
    const notIncluded = entries.find(
      ({ leafIndex, leafHash, auditPath }) =>
        !verifyInclusion(
          leafIndex,
          opened.size,
          Buffer.from(leafHash, "hex"),
          auditPath.map((h) => Buffer.from(h, "hex")),
          opened.root,
        ),
    );
    checks.push({
      name: "inclusion in the checkpoint's tree",
      ok: !notIncluded,
      detail: notIncluded ? `the audit path of leaf ${notIncluded.leafIndex} does not lead to the checkpoint's root` : `every leaf's audit path leads to the root of size ${opened.size}`,
    });
  }
  return { ok: checks.every((check) => check.ok) && opened !== null, checks, requestId, treeSize: opened?.size ?? null };
}
