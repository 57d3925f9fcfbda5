import "server-only";
import type { Executor } from "@/db/client";
import { lintPolicy, type LintFinding, type PolicyDraft } from "@/lib/domain/policy/lint";
import { countGroupMembers } from "./count-group-members";

/** The linter's findings for a document, its group sizes counted from the people seen at sign-in. */
export async function lintPolicyDocument(db: Executor, document: PolicyDraft): Promise<LintFinding[]> {
  return lintPolicy(document, { groupSizes: await countGroupMembers(db) });
}

/** What a finding says, after its path: the fault, the rule it is in, and its code. */
export function describeLintFinding(finding: LintFinding): string {
  return `${finding.message} (rule "${finding.rule}", ${finding.code})`;
}
