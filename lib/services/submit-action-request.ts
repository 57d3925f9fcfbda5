import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { appendEvents } from "@/db/event-store";
import { actionRequests, decisions } from "@/db/schema";
import type { AgentActor } from "@/lib/domain/actor";
import { canonicalJson, sha256Hex } from "@/lib/domain/canonical-json";
import { maskActionRequest } from "@/lib/domain/mask-action-request";
import { MASKING_ENGINE_VERSION } from "@/lib/domain/masking";
import { payloadDigest } from "@/lib/domain/payload-digest";
import { evaluatePolicy } from "@/lib/domain/policy";
import { loadAgentRequestView, type AgentRequestView } from "./agent-request-view";
import { ServiceError } from "./errors";
import { toEventActor } from "./event-actor";
import { issueGrant } from "./issue-grant";
import { loadCurrentPolicy } from "./load-policy";
import { getMasker } from "./masker";

export type ChangeInput = { format: string; before?: string; after?: string; patch?: string };

export type SubmitActionRequestInput = {
  action: string;
  resource: string;
  environment: string;
  summary: string;
  reasoning?: string;
  parameters: unknown;
  context?: unknown;
  change?: ChangeInput;
  onBehalfOf?: string;
};

export type SubmitResult = { view: AgentRequestView; replayed: boolean };

/**
 * Accepts an agent's action request: digest over the raw payload, mask everything a person will see,
 * evaluate the policy, then store the request and its events in one transaction. Raw values never
 * leave this function. An Idempotency-Key replay with the same body returns the stored request.
 */
export async function submitActionRequest(
  db: Database,
  agent: AgentActor,
  input: SubmitActionRequestInput,
  idempotencyKey: string,
): Promise<SubmitResult> {
  const bodyHash = sha256Hex(canonicalJson(input));
  const replay = await findReplay(db, agent.id, idempotencyKey, bodyHash);
  if (replay) return { view: replay, replayed: true };

  const now = new Date();
  const id = randomUUID();
  const digest = payloadDigest(input);
  const { counts: maskingCounts, ...maskedFields } = maskActionRequest(getMasker(), input);
  const onBehalfOf = input.onBehalfOf?.toLowerCase() ?? null;

  const inserted = await db.transaction(async (tx) => {
    const policy = await loadCurrentPolicy(tx);
    const outcome = evaluatePolicy(policy, now);
    const [row] = await tx
      .insert(actionRequests)
      .values({
        id,
        agentId: agent.id,
        idempotencyKey,
        bodyHash,
        status: outcome.status,
        ...maskedFields,
        onBehalfOf,
        payloadDigest: digest,
        masking: maskingCounts,
        policyId: policy.id,
        policyVersion: policy.version,
        requiredApprovals: outcome.requiredApprovals,
        approverGroups: outcome.approverGroups,
        createdAt: now,
        expiresAt: outcome.expiresAt,
        decidedAt: outcome.status === "pending" ? null : now,
        updatedAt: now,
      })
      // A concurrent retry with the same key may have won the race; then this insert is a no-op.
      .onConflictDoNothing({ target: [actionRequests.agentId, actionRequests.idempotencyKey] })
      .returning({ id: actionRequests.id });
    if (!row) return false;

    const actor = toEventActor(agent);
    await appendEvents(
      tx,
      [
        {
          type: "request.created",
          streamType: "request",
          streamId: id,
          actor,
          data: {
            agentId: agent.id,
            ...maskedFields,
            onBehalfOf,
            payloadDigest: digest,
            masking: { counts: maskingCounts, engineVersion: MASKING_ENGINE_VERSION },
          },
        },
        {
          type: "policy.evaluated",
          streamType: "request",
          streamId: id,
          actor: { kind: "system", id: "policy", auth: "internal" },
          data: {
            policyId: policy.id,
            policyVersion: policy.version,
            outcome: outcome.status,
            requiredApprovals: outcome.requiredApprovals,
            approverGroups: outcome.approverGroups,
            expiresAt: outcome.expiresAt.toISOString(),
            explanation: outcome.explanation,
          },
        },
      ],
      { now },
    );
    if (outcome.status !== "pending") {
      await tx.insert(decisions).values({
        id: randomUUID(),
        requestId: id,
        deciderKind: "policy",
        deciderId: `policy:${policy.id}@${policy.version}`,
        deciderName: policy.name,
        outcome: outcome.status === "approved" ? "approve" : "reject",
        reason: outcome.explanation,
        decidedAt: now,
      });
      if (outcome.status === "approved") await issueGrant(tx, { ...maskedFields, id, payloadDigest: digest, policyId: policy.id, policyVersion: policy.version }, [], now);
    }
    return true;
  });

  if (!inserted) {
    const raced = await findReplay(db, agent.id, idempotencyKey, bodyHash);
    if (raced) return { view: raced, replayed: true };
  }
  const view = await loadAgentRequestView(db, agent.id, id);
  if (!view) throw new Error("request vanished after commit");
  return { view, replayed: false };
}

async function findReplay(db: Database, agentId: string, idempotencyKey: string, bodyHash: string): Promise<AgentRequestView | null> {
  const [existing] = await db
    .select({ id: actionRequests.id, bodyHash: actionRequests.bodyHash })
    .from(actionRequests)
    .where(and(eq(actionRequests.agentId, agentId), eq(actionRequests.idempotencyKey, idempotencyKey)));
  if (!existing) return null;
  if (existing.bodyHash !== bodyHash) {
    throw new ServiceError("CONFLICT", "This Idempotency-Key was already used with a different request body.");
  }
  return loadAgentRequestView(db, agentId, existing.id);
}
