import "server-only";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Executor, Transaction } from "@/db/client";
import { appendEvents } from "@/db/event-store";
import { events } from "@/db/schema";
import type { SystemActor, UserActor } from "@/lib/domain/actor";
import { FREEZE_EVENT_TYPES, MAX_FREEZE_MESSAGE_LENGTH, type Freeze } from "@/lib/domain/freeze";
import { toRecordedActor } from "@/lib/domain/recorded-actor";
import { ServiceError } from "./errors";
import { DEFAULT_POLICY_ID } from "./load-policy";
import { maskFreeText } from "./masker";
import { refuseUnstorable } from "./refuse-unstorable";
import { requireCapability } from "./require-capability";
import type { ServiceContext } from "./service-context";

// One advisory lock key for the switch: request commands hold it shared while they decide, a freeze or
// thaw holds it alone, so no decision commits after a freeze that it did not see.
const FREEZE_LOCK = sql`hashtext('countersign:approvals-freeze')`;

/**
 * The switch as request commands see it, read under the shared lock (held to the end of the caller's
 * transaction). Null when approvals are not frozen.
 */
export async function loadFreeze(tx: Transaction): Promise<Freeze | null> {
  // Sent together on the transaction's connection (pipelined), for one round trip instead of two:
  // PostgreSQL runs them in the order sent, so the lock is sent first (`.then` sends a query; drizzle's
  // are lazy) and the read, which takes its snapshot after the lock is granted, sees any freeze that
  // committed while this waited.
  const locked = tx.execute(sql`select pg_advisory_xact_lock_shared(${FREEZE_LOCK})`).then(() => undefined);
  const [, freeze] = await Promise.all([locked, readFreeze(tx)]);
  return freeze;
}

/** The switch for a page: what the latest freeze event says, without waiting on a freeze in flight. */
export async function readFreeze(db: Executor): Promise<Freeze | null> {
  const [latest] = await db
    .select({ type: events.type, data: events.data, actor: events.actor, occurredAt: events.occurredAt })
    .from(events)
    .where(and(eq(events.streamType, "policy"), eq(events.streamId, DEFAULT_POLICY_ID), inArray(events.type, [...FREEZE_EVENT_TYPES])))
    .orderBy(desc(events.id))
    .limit(1);
  if (!latest || latest.type !== "approvals.frozen") return null;
  return { message: String((latest.data as { message: unknown }).message), frozenAt: latest.occurredAt, frozenBy: latest.actor.id };
}

/** Freezes all approvals with a message people and agents will read (masked like any free text). */
export async function freezeApprovals(ctx: ServiceContext<UserActor | SystemActor>, rawMessage: string): Promise<Freeze> {
  if (ctx.actor.kind === "user") requireCapability(ctx.actor, "freezeApprovals");
  const text = rawMessage.trim();
  if (!text || text.length > MAX_FREEZE_MESSAGE_LENGTH) {
    throw new ServiceError("VALIDATION", "The freeze is not valid.", [{ path: "message", message: `Say why, in at most ${MAX_FREEZE_MESSAGE_LENGTH} characters.` }]);
  }
  refuseUnstorable({ message: text }, "The freeze is not valid.");
  const { text: message, masking } = maskFreeText(text);
  return switchFreeze(ctx, "approvals.frozen", { message, masking });
}

/** Lifts a freeze: pending requests can be decided again, new ones are evaluated as usual. */
export async function thawApprovals(ctx: ServiceContext<UserActor | SystemActor>): Promise<null> {
  if (ctx.actor.kind === "user") requireCapability(ctx.actor, "freezeApprovals");
  await switchFreeze(ctx, "approvals.thawed", {});
  return null;
}

async function switchFreeze(ctx: ServiceContext<UserActor | SystemActor>, type: (typeof FREEZE_EVENT_TYPES)[number], data: Record<string, unknown>): Promise<Freeze> {
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${FREEZE_LOCK})`);
    await appendEvents(tx, [{ type, streamType: "policy", streamId: DEFAULT_POLICY_ID, actor: toRecordedActor(ctx.actor), data }], { now: ctx.now, correlationId: ctx.requestId });
    return { message: String(data.message ?? ""), frozenAt: ctx.now, frozenBy: ctx.actor.id };
  });
}
