import "server-only";
import { and, asc, desc, eq } from "drizzle-orm";
import { actionRequests, events, policies } from "@/db/schema";
import type { UserActor } from "@/lib/domain/actor";
import { POLICY_CHANGE_AGENT } from "@/lib/domain/policy/policy-change";
import { policyToYaml } from "@/lib/domain/policy/serialize";
import { DEFAULT_POLICY_ID, policyDocumentOf } from "./load-policy";
import { requireCapability } from "./require-capability";
import type { ServiceContext } from "./service-context";

export type PolicyVersionView = {
  version: number;
  name: string;
  yaml: string;
  createdAt: string;
  /** Who recorded it: an administrator's approval, or the seed. */
  recordedBy: string;
  /** For a version that came from a policy change: its author, its approvers and the change request. */
  proposedBy: string | null;
  approvers: string[];
  changeRequestId: string | null;
};

export type PendingPolicyChange = { id: string; summary: string; proposedBy: string | null; createdAt: string; expiresAt: string };

export type PolicyVersions = {
  /** Newest first; the first is the version in force. */
  versions: PolicyVersionView[];
  pendingChanges: PendingPolicyChange[];
};

/**
 * Every version of the policy with who proposed and approved it (from its `policy.changed` event),
 * and the policy changes still waiting for a second administrator.
 */
export async function readPolicyVersions(ctx: ServiceContext<UserActor>): Promise<PolicyVersions> {
  requireCapability(ctx.actor, "administer");
  const [rows, changes, pending] = await Promise.all([
    ctx.db.select().from(policies).where(eq(policies.id, DEFAULT_POLICY_ID)).orderBy(desc(policies.version)),
    ctx.db
      .select({ actor: events.actor, data: events.data })
      .from(events)
      .where(and(eq(events.type, "policy.changed"), eq(events.streamType, "policy"), eq(events.streamId, DEFAULT_POLICY_ID))),
    ctx.db
      .select({ id: actionRequests.id, summary: actionRequests.summary, proposedBy: actionRequests.onBehalfOf, createdAt: actionRequests.createdAt, expiresAt: actionRequests.expiresAt })
      .from(actionRequests)
      .where(and(eq(actionRequests.agentId, POLICY_CHANGE_AGENT.id), eq(actionRequests.status, "pending")))
      .orderBy(asc(actionRequests.createdAt)),
  ]);
  const changeOf = new Map(changes.map((change) => [Number(change.data.version), change]));
  const versions = rows.map((row): PolicyVersionView => {
    const change = changeOf.get(row.version);
    const data = (change?.data ?? {}) as { proposedBy?: string | null; approvers?: string[]; changeRequestId?: string };
    return {
      version: row.version,
      name: row.name,
      yaml: policyToYaml(policyDocumentOf(row)),
      createdAt: row.createdAt.toISOString(),
      recordedBy: change?.actor.id ?? "unknown",
      proposedBy: data.proposedBy ?? null,
      approvers: data.approvers ?? [],
      changeRequestId: data.changeRequestId ?? null,
    };
  });
  return { versions, pendingChanges: pending.map((change) => ({ ...change, createdAt: change.createdAt.toISOString(), expiresAt: change.expiresAt.toISOString() })) };
}
