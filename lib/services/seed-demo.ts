import "server-only";
import { isDeepStrictEqual } from "node:util";
import { desc, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { appendEvents } from "@/db/event-store";
import { agents, policies } from "@/db/schema";
import { getConfig } from "@/lib/config";
import { createAgent } from "./create-agent";
import { rotateApiKey } from "./issue-api-key";
import { DEFAULT_POLICY_ID, policyDocumentOf } from "./load-policy";
import { newServiceContext } from "./service-context";
import { defaultPolicyDocument } from "@/lib/domain/policy/default-policy";
import { toRecordedActor } from "@/lib/domain/recorded-actor";

export const DEMO_AGENT_NAME = "demo-agent";
export const DEMO_AGENT_OWNER = "erin@example.com";

/**
 * The shipped default: one reviewer, one hour. Its approver groups are the groups that make people
 * reviewers (REVIEWER_GROUPS); when an operator changes those, the next start records a new version,
 * so reviewers are never refused as outside the approver groups. A document an administrator has
 * approved since is theirs, and the seed leaves it alone.
 */
export async function ensureDefaultPolicy(db: Database): Promise<void> {
  const now = new Date();
  const approverGroups = getConfig().groupRoles.reviewer;
  await db.transaction(async (tx) => {
    const [current] = await tx.select().from(policies).where(eq(policies.id, DEFAULT_POLICY_ID)).orderBy(desc(policies.version)).limit(1);
    if (current) {
      const document = policyDocumentOf(current);
      const seededGroups = document.default.outcome === "require" ? document.default.stages[0]!.groups : [];
      if (!isDeepStrictEqual(document, defaultPolicyDocument(seededGroups)) || sameGroups(seededGroups, approverGroups)) return;
    }
    const policy = { id: DEFAULT_POLICY_ID, version: (current?.version ?? 0) + 1, document: defaultPolicyDocument(approverGroups) };
    // Insert-first: two replicas starting at once must not both record it (nor one crash on the other's row).
    const [created] = await tx
      .insert(policies)
      .values({ ...policy, name: policy.document.name, createdAt: now })
      .onConflictDoNothing()
      .returning({ id: policies.id });
    if (!created) return;
    await appendEvents(tx, [{ type: "policy.changed", streamType: "policy", streamId: policy.id, actor: toRecordedActor({ kind: "system", id: "seed" }), data: policy }], { now });
  });
}

const sameGroups = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((group) => b.includes(group));

/**
 * Demo data: the demo agent owned by erin. Keys are shown once, so a key is returned only when one
 * was made now: on first start, or when `needKey` says the saved copy is gone (the old key is then
 * revoked, since nobody knows where it went).
 */
export async function seedDemo(db: Database, needKey: boolean): Promise<string | null> {
  await ensureDefaultPolicy(db);
  const seeder = newServiceContext(db, { kind: "system", id: "seed" } as const);
  const [existing] = await db.select({ id: agents.id }).from(agents).where(eq(agents.name, DEMO_AGENT_NAME));
  if (!existing) return (await createAgent(seeder, { name: DEMO_AGENT_NAME, ownerEmail: DEMO_AGENT_OWNER })).apiKey;
  return needKey ? (await rotateApiKey(seeder, existing.id)).apiKey : null;
}
