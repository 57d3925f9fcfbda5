import "server-only";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { appendEvents } from "@/db/event-store";
import { agents, policies } from "@/db/schema";
import { createAgent, type CreatedAgent } from "./create-agent";
import { DEFAULT_POLICY_ID } from "./load-policy";

export const DEMO_AGENT_NAME = "demo-agent";
export const DEMO_AGENT_OWNER = "erin@example.com";

/** The policy every request gets until the policy engine arrives: one reviewer, one hour. */
export async function ensureDefaultPolicy(db: Database): Promise<void> {
  const now = new Date();
  await db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: policies.id }).from(policies).where(eq(policies.id, DEFAULT_POLICY_ID)).limit(1);
    if (existing) return;
    const policy = { id: DEFAULT_POLICY_ID, version: 1, name: "Default policy", requiredApprovals: 1, approverGroups: ["reviewers"], ttlSeconds: 3600 };
    await tx.insert(policies).values({ ...policy, createdAt: now });
    await appendEvents(tx, [{ type: "policy.changed", streamType: "policy", streamId: policy.id, actor: { kind: "system", id: "seed", auth: "internal" }, data: policy }], { now });
  });
}

/**
 * Demo data for a first start: the demo agent owned by erin. Returns its key only when it was created
 * now (keys are shown once); a later start finds the agent and returns null.
 */
export async function seedDemo(db: Database): Promise<CreatedAgent | null> {
  await ensureDefaultPolicy(db);
  const [existing] = await db.select({ id: agents.id }).from(agents).where(eq(agents.name, DEMO_AGENT_NAME));
  if (existing) return null;
  return createAgent(db, { kind: "system", id: "seed" }, { name: DEMO_AGENT_NAME, ownerEmail: DEMO_AGENT_OWNER });
}
