import "server-only";
import { desc, eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { policies } from "@/db/schema";
import { compilePolicy, type CompiledPolicy } from "@/lib/domain/policy/compile";
import { policyDocumentFromVersion } from "@/lib/domain/policy/default-policy";
import type { PolicyDocument } from "@/lib/domain/policy/document";

/** The id of the policy seeded on first start; it governs every request, one version after another. */
export const DEFAULT_POLICY_ID = "00000000-0000-4000-8000-000000000001";

export type CurrentPolicy = { id: string; version: number; name: string; document: PolicyDocument; compiled: CompiledPolicy };

// Versions are immutable, so a version compiled once stays right; compiling (globs, CEL) on every
// submission would cost more than evaluating.
const compiledVersions = new Map<string, CompiledPolicy>();

export async function loadCurrentPolicy(db: Executor): Promise<CurrentPolicy> {
  const [row] = await db.select().from(policies).where(eq(policies.id, DEFAULT_POLICY_ID)).orderBy(desc(policies.version)).limit(1);
  // Fail closed: without a policy nothing can be decided, so nothing is accepted.
  if (!row) throw new Error("No approval policy is configured; run the seed (npm start does) before accepting requests");
  const document = policyDocumentOf(row);
  const key = `${row.id}@${row.version}`;
  let compiled = compiledVersions.get(key);
  if (!compiled) {
    if (compiledVersions.size > 100) compiledVersions.clear();
    compiledVersions.set(key, (compiled = compilePolicy(document)));
  }
  return { id: row.id, version: row.version, name: document.name, document, compiled };
}

/** A stored version's document: its own, or for a version from before documents, the equivalent one. */
export function policyDocumentOf(row: typeof policies.$inferSelect): PolicyDocument {
  if (row.document) return row.document;
  const { requiredApprovals, approverGroups, ttlSeconds } = row;
  if (requiredApprovals === null || approverGroups === null || ttlSeconds === null) throw new Error(`policy ${row.id}@${row.version} has neither a document nor a quorum`);
  return policyDocumentFromVersion({ ...row, requiredApprovals, approverGroups, ttlSeconds });
}
