import "server-only";
import type { UserActor } from "@/lib/domain/actor";
import type { LintFinding } from "@/lib/domain/policy/lint";
import { parsePolicyYaml, type PolicyDocumentError } from "@/lib/domain/policy/parse-document";
import { policyToYaml } from "@/lib/domain/policy/serialize";
import { lintPolicyDocument } from "./lint-policy-document";
import { loadCurrentPolicy } from "./load-policy";
import { requireCapability } from "./require-capability";
import type { ServiceContext } from "./service-context";

export type PolicyDraftCheck = {
  /** Parses and has no lint findings: proposing it would be accepted. */
  valid: boolean;
  /** What keeps the YAML from being a policy document, each by line and field. */
  errors: PolicyDocumentError[];
  /** The linter's findings, only once the document parses. */
  findings: LintFinding[];
  /** The draft as the change request will show it (keys in the schema's order), once it parses. */
  draftYaml: string | null;
  /** The version in force, to diff the draft against. */
  current: { version: number; yaml: string };
};

/**
 * What the console editor asks as the administrator types: is this a valid document, what does the
 * linter say, and how does it read against the version in force. An invalid draft is an answer, not
 * an error: the editor shows it next to the line it names.
 */
export async function checkPolicyDraft(ctx: ServiceContext<UserActor>, yaml: string): Promise<PolicyDraftCheck> {
  requireCapability(ctx.actor, "administer");
  const current = await loadCurrentPolicy(ctx.db);
  const currentSide = { version: current.version, yaml: policyToYaml(current.document) };
  const parsed = parsePolicyYaml(yaml);
  if (!parsed.ok) return { valid: false, errors: parsed.errors, findings: [], draftYaml: null, current: currentSide };
  const findings = await lintPolicyDocument(ctx.db, parsed.document);
  return { valid: findings.length === 0, errors: [], findings, draftYaml: policyToYaml(parsed.document), current: currentSide };
}
