import "server-only";
import { and, desc, eq, gte, inArray, like, lt, sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { agents, eventChain, events } from "@/db/schema";
import type { UserActor } from "@/lib/domain/actor";
import { requireCapability } from "./require-capability";

export type AuditEventFilter = { type?: string; streamId?: string; actor?: string; from?: Date; to?: Date };

/** A page of the log: `before` is the id of the last event already shown (pages go back in time). */
export type AuditPageRequest = { before?: number; limit?: number };

export const AUDIT_PAGE_SIZE = 100;
export const AUDIT_PAGE_MAX = 500;

export type AuditEvent = {
  id: number;
  seq: number | null;
  type: string;
  streamType: string;
  streamId: string;
  /** `name` is the agent's name for agent actors, so auditors need not look ids up. */
  actor: { kind: string; id: string; auth: string; name: string | null };
  data: Record<string, unknown>;
  occurredAt: string;
  chainHash: string | null;
  /** The sealer found it claiming a time before the last published checkpoint (see event_chain.backdated). */
  backdated: boolean;
};

/** `nextCursor` is the `before` for the next (older) page, or null when this one reaches the start. */
export type AuditEventPage = { events: AuditEvent[]; nextCursor: string | null };

const sqlActorId = sql<string>`${events.actor}->>'id'`;

/**
 * The event log for auditors, newest first, filterable by type prefix, subject, actor and period, a page
 * at a time. Pages are keyed on the event id, so events appended meanwhile never shift or repeat a page.
 */
export async function listAuditEvents(db: Executor, actor: UserActor, filter: AuditEventFilter = {}, page: AuditPageRequest = {}): Promise<AuditEventPage> {
  requireCapability(actor, "readAuditLog");
  const limit = Math.max(1, Math.min(page.limit ?? AUDIT_PAGE_SIZE, AUDIT_PAGE_MAX));
  const conditions: SQL[] = [];
  if (page.before !== undefined) conditions.push(lt(events.id, page.before));
  if (filter.type) conditions.push(like(events.type, `${filter.type.replace(/[%_\\]/g, "\\$&")}%`));
  if (filter.streamId) conditions.push(eq(events.streamId, filter.streamId));
  if (filter.actor) conditions.push(eq(sqlActorId, filter.actor));
  if (filter.from) conditions.push(gte(events.occurredAt, filter.from));
  if (filter.to) conditions.push(lt(events.occurredAt, filter.to));
  const rows = await db
    .select({ event: events, seq: eventChain.seq, chainHash: eventChain.chainHash, backdated: eventChain.backdated })
    .from(events)
    .leftJoin(eventChain, eq(eventChain.eventId, events.id))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(events.id))
    // One more than asked tells whether an older page exists.
    .limit(limit + 1);
  const hasMore = rows.length > limit;
  rows.length = Math.min(rows.length, limit);
  const agentIds = [...new Set(rows.filter((r) => r.event.actor.kind === "agent").map((r) => r.event.actor.id))];
  const agentNames = new Map(
    agentIds.length ? (await db.select({ id: agents.id, name: agents.name }).from(agents).where(inArray(agents.id, agentIds))).map((a) => [a.id, a.name]) : [],
  );
  const pageEvents = rows.map(({ event, seq, chainHash, backdated }) => ({
    id: event.id,
    seq,
    type: event.type,
    streamType: event.streamType,
    streamId: event.streamId,
    actor: { kind: event.actor.kind, id: event.actor.id, auth: event.actor.auth, name: agentNames.get(event.actor.id) ?? null },
    data: event.data,
    occurredAt: event.occurredAt.toISOString(),
    chainHash,
    backdated: backdated ?? false,
  }));
  return { events: pageEvents, nextCursor: hasMore ? String(pageEvents.at(-1)!.id) : null };
}

