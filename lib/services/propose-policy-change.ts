import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Transaction } from "@/db/client";
import { appendEvents } from "@/db/event-store";
import { agents } from "@/db/schema";
import { getConfig } from "@/lib/config";
import { canonicalJson, sha256Hex } from "@/lib/domain/canonical-json";
import { maskActionRequest } from "@/lib/domain/mask-action-request";
import { MASKING_ENGINE_VERSION } from "@/lib/domain/masking";
import { payloadDigest } from "@/lib/domain/payload-digest";
import type { PolicyDocument } from "@/lib/domain/policy/document";
import { formatPolicyDocumentError, parsePolicyJson } from "@/lib/domain/policy/parse-document";
import { POLICY_CHANGE_ACTION, POLICY_CHANGE_AGENT, POLICY_CHANGE_ENVIRONMENT, policyChangeEvaluation } from "@/lib/domain/policy/policy-change";
import { policyToYaml } from "@/lib/domain/policy/serialize";
import { toRecordedActor } from "@/lib/domain/recorded-actor";
import { ServiceError } from "./errors";
import { executeRequestCommand } from "./execute-request-command";
import { describeLintFinding, lintPolicyDocument } from "./lint-policy-document";
import { loadCurrentPolicy } from "./load-policy";
import { getMasker } from "./masker";
import { parsePolicyDraft } from "./parse-policy-draft";
import { refuseUnstorable } from "./refuse-unstorable";
import { requireCapability } from "./require-capability";
import type { ServiceContext } from "./service-context";

export type ProposedPolicyChange = { id: string; status: "pending"; policy: { id: string; version: number }; links: { console: string } };

/**
 * Proposes a new version of the policy as a request that another administrator must approve (see
 * policy-change.ts for why it is an action request). The proposal carries the document and a YAML
 * diff against the version in force; nothing changes until it is approved (applyPolicyChange). The
 * document comes as JSON (the CLI parses its file first) or as the YAML typed in the console. A
 * document the linter finds fault with is refused, each finding named, whichever path brought it.
 */
export async function proposePolicyChange(ctx: ServiceContext, input: ({ document: unknown } | { yaml: string }) & { authorEmail: string }): Promise<ProposedPolicyChange> {
  // A person proposes only as an administrator, and only as themselves: an author named by someone
  // else would let them approve their own change. The CLI is the operator's tool and names the author.
  if (ctx.actor.kind === "user") {
    requireCapability(ctx.actor, "administer");
    if (input.authorEmail.trim().toLowerCase() !== ctx.actor.email.toLowerCase()) throw new ServiceError("FORBIDDEN", "You can only propose a policy change as yourself.");
  }
  // YAML (the console's editor) is parsed only after the capability check, so a refusal never depends on the draft.
  const source = "yaml" in input ? parsePolicyDraft(input.yaml) : input.document;
  refuseUnstorable({ document: source }, "The policy document is not valid.");
  const parsed = parsePolicyJson(source);
  if (!parsed.ok) {
    throw new ServiceError("VALIDATION", "The policy document is not valid.", parsed.errors.map((error) => ({ path: error.path, message: formatPolicyDocumentError(error) })));
  }
  const author = z.email().safeParse(input.authorEmail.trim());
  if (!author.success) throw new ServiceError("VALIDATION", "The author is not valid.", [{ path: "author", message: "author must be an email address" }]);
  const authorEmail = author.data.toLowerCase();
  const document: PolicyDocument = parsed.document;
  const id = randomUUID();

  return ctx.db.transaction(async (tx) => {
    const findings = await lintPolicyDocument(tx, document);
    if (findings.length > 0) {
      throw new ServiceError("VALIDATION", "The policy document has lint findings; fix each one first.", findings.map((finding) => ({ path: finding.path, message: describeLintFinding(finding) })));
    }
    const current = await loadCurrentPolicy(tx);
    const request = {
      action: POLICY_CHANGE_ACTION,
      resource: `policy/${current.id}`,
      environment: POLICY_CHANGE_ENVIRONMENT,
      summary: `Change the approval policy to "${document.name}"`,
      parameters: { document },
      change: { format: "yaml", before: policyToYaml(current.document), after: policyToYaml(document) },
    };
    const { counts, reasons, ...masked } = maskActionRequest(getMasker(), request);
    // What is approved is what gets applied: a document masking would alter (a pasted token as a
    // group name) is refused rather than applied altered.
    if (Object.values(counts).some((count) => count > 0)) {
      throw new ServiceError("VALIDATION", "The policy document is not valid.", [{ path: "document", message: "holds something that looks like a secret or personal datum" }]);
    }
    await ensurePolicyChangeAgent(tx, ctx.now);
    const agent = { kind: "agent" as const, ...POLICY_CHANGE_AGENT };
    await executeRequestCommand(
      tx,
      ctx,
      { state: null, agent: { ownerEmail: agent.ownerEmail, revokedAt: null } },
      {
        type: "SubmitRequest",
        actor: agent,
        data: {
          requestId: id,
          ...masked,
          reasoning: null,
          context: null,
          onBehalfOf: authorEmail,
          payloadDigest: payloadDigest(request),
          masking: { counts, reasons, engineVersion: MASKING_ENGINE_VERSION },
          // Each proposal is new: no retry to recognise.
          idempotencyKey: sha256Hex(id),
          bodyHash: sha256Hex(canonicalJson(request)),
          policy: { id: current.id, version: current.version, name: current.name, evaluation: policyChangeEvaluation(getConfig().groupRoles.admin) },
          decisionId: randomUUID(),
          grantId: randomUUID(),
        },
      },
    );
    return { id, status: "pending" as const, policy: { id: current.id, version: current.version }, links: { console: `${getConfig().appUrl}/requests/${id}` } };
  });
}

/** Countersign's own requester of policy changes: created on first use, without keys, so no one can act as it. */
async function ensurePolicyChangeAgent(tx: Transaction, now: Date): Promise<void> {
  const { id, name, ownerEmail } = POLICY_CHANGE_AGENT;
  const [created] = await tx.insert(agents).values({ id, name, ownerEmail, createdAt: now }).onConflictDoNothing().returning({ id: agents.id });
  if (!created) return;
  await appendEvents(tx, [{ type: "agent.created", streamType: "agent", streamId: id, actor: toRecordedActor({ kind: "system", id: "countersign" }), data: { name, owner: ownerEmail } }], { now });
}
