import "server-only";
import { desc, eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { policies } from "@/db/schema";
import type { Policy } from "@/lib/domain/policy";

/** The id of the policy seeded on first start; until the policy engine arrives it governs every request. */
export const DEFAULT_POLICY_ID = "00000000-0000-4000-8000-000000000001";

export async function loadCurrentPolicy(db: Executor): Promise<Policy> {
  const [policy] = await db.select().from(policies).where(eq(policies.id, DEFAULT_POLICY_ID)).orderBy(desc(policies.version)).limit(1);
  // Fail closed: without a policy nothing can be decided, so nothing is accepted.
  if (!policy) throw new Error("No approval policy is configured; run the seed (npm start does) before accepting requests");
  return policy;
}
