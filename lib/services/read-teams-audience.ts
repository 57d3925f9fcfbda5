import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { actionRequests, agents, chatLinks, decisions, teamsUsers, users } from "@/db/schema";
import type { UserActor } from "@/lib/domain/actor";
import type { ChatRequestView } from "@/lib/domain/chat/chat-request-view";
import { canDecide, type DecisionVerdict } from "@/lib/domain/separation-of-duties";
import { decisionSubjectOf } from "./decision-subject";
import { readFreeze } from "./freeze-approvals";
import { readChatRequestView } from "./read-chat-request-view";
import { chatActorOf } from "./resolve-chat-actor";

/** A Countersign person linked to a Teams user of the tenant, and what canDecide says of them now. */
export type TeamsAudienceMember = { actor: UserActor; aadObjectId: string; teamsUserId: string | null; verdict: DecisionVerdict };

export type TeamsAudience = {
  view: ChatRequestView;
  /** Every linked person of the tenant, or only `onlyAadObjectId`'s. */
  members: TeamsAudienceMember[];
};

/**
 * A request as Teams shows it, and who among the tenant's linked people may decide it now: the same
 * canDecide every decision path calls, on the same subject the request page checks. Cards use it to
 * list the users whose clients fetch a card of their own, and to draw that card; the decision itself
 * is checked again, under the row lock, when someone clicks.
 */
export async function readTeamsAudience(db: Executor, requestId: string, tenantId: string, now: Date, onlyAadObjectId?: string): Promise<TeamsAudience | null> {
  const [read, [row], prior, freeze, linked] = await Promise.all([
    readChatRequestView(db, requestId, now),
    db.select({ request: actionRequests, agent: agents }).from(actionRequests).innerJoin(agents, eq(agents.id, actionRequests.agentId)).where(eq(actionRequests.id, requestId)),
    db.select({ deciderId: decisions.deciderId, outcome: decisions.outcome }).from(decisions).where(eq(decisions.requestId, requestId)).orderBy(asc(decisions.decidedAt)),
    readFreeze(db),
    db
      .select({ aadObjectId: chatLinks.externalUserId, teamsUserId: teamsUsers.teamsUserId, user: { id: users.id, email: users.email, name: users.name, groups: users.groups } })
      .from(chatLinks)
      .innerJoin(users, eq(users.id, chatLinks.userId))
      .leftJoin(teamsUsers, and(eq(teamsUsers.tenantId, chatLinks.workspace), eq(teamsUsers.aadObjectId, chatLinks.externalUserId)))
      .where(and(eq(chatLinks.provider, "teams"), eq(chatLinks.workspace, tenantId), onlyAadObjectId === undefined ? sql`true` : eq(chatLinks.externalUserId, onlyAadObjectId)))
      .orderBy(asc(chatLinks.linkedAt)),
  ]);
  if (!read || !row) return null;
  const subject = decisionSubjectOf(row.request, row.agent, freeze);
  const members = linked.flatMap(({ aadObjectId, teamsUserId, user }) => {
    const actor = chatActorOf(user, { provider: "teams", workspace: tenantId, externalUserId: aadObjectId });
    return actor ? [{ actor, aadObjectId, teamsUserId, verdict: canDecide(actor, subject, prior, now) }] : [];
  });
  return { view: read.view, members };
}
