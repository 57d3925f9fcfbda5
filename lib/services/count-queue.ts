import "server-only";
import { and, count, sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { oneRow } from "@/db/one-row";
import { actionRequests } from "@/db/schema";
import type { UserActor } from "@/lib/domain/actor";
import { QUEUE_FILTERS, type QueueFilter, type QueueSearch } from "@/lib/domain/queue-search";
import { RISK_LEVELS, riskRank, type RiskLevel } from "@/lib/domain/request/assess-risk";
import { queueConditions, riskCondition } from "./queue-conditions";
import { requireCapability } from "./require-capability";

/** How many requests each tab and each risk level hold under the current search. */
export type QueueCounts = { filters: Record<QueueFilter, number>; risk: Record<RiskLevel, number> };

const r = actionRequests;

/**
 * Facet counts: each tab under the whole search (risk included), in one pass over the searched
 * requests, and each risk level within the current tab under the rest of the search, so a count says
 * what clicking it would show. Apart from the page, and polled less often: counting every request
 * costs more than reading a page of them.
 */
export async function countQueue(db: Executor, actor: UserActor, { filter = "pending", search = {}, now = new Date() }: { filter?: QueueFilter; search?: QueueSearch; now?: Date } = {}): Promise<QueueCounts> {
  requireCapability(actor, "readRequests");
  const { tabs, narrowed } = await queueConditions(db, actor, search, now);
  const risk = search.risk;
  const countWhere = (condition: SQL | undefined) => (condition ? sql<number>`(count(*) filter (where ${condition}))::int` : sql<number>`count(*)::int`);
  const [filters, levels] = await Promise.all([
    db
      .select(Object.fromEntries(QUEUE_FILTERS.map((f) => [f, countWhere(tabs[f])])) as Record<QueueFilter, SQL<number>>)
      .from(actionRequests)
      .where(and(...narrowed, riskCondition(risk)))
      .then((rows) => oneRow(rows) as Record<QueueFilter, number>),
    db
      .select({ rank: r.riskRank, n: count() })
      .from(actionRequests)
      .where(and(tabs[filter], ...narrowed))
      .groupBy(r.riskRank),
  ]);
  const byRank = new Map(levels.map((l) => [l.rank, l.n]));
  return { filters, risk: Object.fromEntries(RISK_LEVELS.map((level) => [level, byRank.get(riskRank(level)) ?? 0])) as Record<RiskLevel, number> };
}
