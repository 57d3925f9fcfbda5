import "server-only";
import { createHmac, randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getConfig } from "@/lib/config";
import { actionRequests, agents, users } from "@/db/schema";
import { evaluatePolicy } from "@/lib/domain/policy/evaluate";
import { requestFacts } from "@/lib/domain/policy/facts";
import type { AgentActor } from "@/lib/domain/actor";
import { canonicalJson, sha256Hex } from "@/lib/domain/canonical-json";
import { jsonValueDepth, MAX_JSON_DEPTH } from "@/lib/domain/json-depth";
import { maskActionRequest, type ActionRequestText } from "@/lib/domain/mask-action-request";
import { MASKING_ENGINE_VERSION } from "@/lib/domain/masking";
import { payloadDigest } from "@/lib/domain/payload-digest";
import { loadAgentRequestView, toAgentRequestView, type AgentRequestView } from "./agent-request-view";
import { enforceAgentLimits } from "./enforce-agent-limits";
import { ServiceError } from "./errors";
import { executeRequestCommand } from "./execute-request-command";
import { loadCurrentPolicy } from "./load-policy";
import { getMasker } from "./masker";
import { toRequestRow } from "./project-request-events";
import { refuseUnstorable } from "./refuse-unstorable";
import type { ServiceContext } from "./service-context";

export type ChangeInput = { format: string; before?: string; after?: string; patch?: string };

export type SubmitActionRequestInput = ActionRequestText & { change?: ChangeInput; onBehalfOf?: string };

export type SubmitResult = { view: AgentRequestView; replayed: boolean };

/**
 * Accepts an agent's action request: digest over the raw payload, mask everything a person will see,
 * evaluate the policy's current version against the masked request (and what masking found), then store the request and its events in one transaction. Raw values never
 * leave this function. An Idempotency-Key replay with the same body returns the stored request; a new
 * request over the agent's limits is refused (429) and changes nothing.
 */
export async function submitActionRequest(ctx: ServiceContext<AgentActor>, input: SubmitActionRequestInput, idempotencyKey: string): Promise<SubmitResult> {
  const { db, actor: agent } = ctx;
  refuseDeepNesting(input);
  refuseUnstorable({ ...input });
  // Keyed: the body holds the raw values masking hides, and a plain hash of a short one (a PIN) could
  // be confirmed by guessing. It only has to tell a retry of this body from a different one.
  const bodyHash = createHmac("sha256", getConfig().maskingKey).update(canonicalJson(input)).digest("hex");
  // Agents put anything in this header; only its hash is needed to recognise a retry.
  const idempotencyKeyHash = sha256Hex(idempotencyKey);

  const id = randomUUID();
  const digest = payloadDigest(input);
  const { counts: maskingCounts, reasons: maskingReasons, ...maskedFields } = maskActionRequest(getMasker(), input);
  // The one agent-supplied value kept in clear, so the verb itself makes sure it is only an email,
  // whichever path (API, CLI, chat) it came through.
  if (input.onBehalfOf !== undefined && !z.email().safeParse(input.onBehalfOf).success) {
    throw new ServiceError("VALIDATION", "The request is not valid.", [{ path: "onBehalfOf", message: "onBehalfOf must be an email address" }]);
  }
  const onBehalfOf = input.onBehalfOf?.toLowerCase() ?? null;

  const stored = await db.transaction(async (tx) => {
    // Read before the lock below, which is held to the commit: the less happens under it, the sooner
    // the agent's next request may go.
    const policy = await loadCurrentPolicy(tx);
    // The agent's row lock: its submissions run one at a time, so a retry is told from a new request and
    // the limits are counted exactly on any number of replicas; and a revocation, which locks the agent
    // first, cannot miss a request committed after it looked.
    const [current] = await tx
      .select({ ownerEmail: agents.ownerEmail, revokedAt: agents.revokedAt, ownerGroups: users.groups })
      .from(agents)
      // The owner's groups as last seen at sign-in; an owner who never signed in has none.
      .leftJoin(users, eq(sql`lower(${users.email})`, sql`lower(${agents.ownerEmail})`))
      .where(eq(agents.id, agent.id))
      .for("no key update", { of: agents });
    if (!current || current.revokedAt) throw new ServiceError("UNAUTHENTICATED", "The API key is not valid or has been revoked.");
    const [existing] = await tx
      .select({ id: actionRequests.id, bodyHash: actionRequests.bodyHash })
      .from(actionRequests)
      .where(and(eq(actionRequests.agentId, agent.id), eq(actionRequests.idempotencyKey, idempotencyKeyHash)));
    if (existing) {
      if (existing.bodyHash !== bodyHash) throw new ServiceError("CONFLICT", "This Idempotency-Key was already used with a different request body.");
      // A retry of an accepted request is answered as before, whatever the limits say now.
      return { replayOf: existing.id };
    }
    await enforceAgentLimits(tx, agent.id, ctx.now);
    const facts = requestFacts({ ...maskedFields, counts: maskingCounts }, { id: agent.id, name: agent.name }, current.ownerGroups ?? []);

    const state = await executeRequestCommand(
      tx,
      ctx,
      { state: null, agent: current },
      {
        type: "SubmitRequest",
        actor: agent,
        data: {
          requestId: id,
          ...maskedFields,
          onBehalfOf,
          payloadDigest: digest,
          masking: { counts: maskingCounts, reasons: maskingReasons, engineVersion: MASKING_ENGINE_VERSION },
          idempotencyKey: idempotencyKeyHash,
          bodyHash,
          policy: { id: policy.id, version: policy.version, name: policy.name, evaluation: evaluatePolicy(policy.compiled, facts) },
          decisionId: randomUUID(),
          grantId: randomUUID(),
        },
      },
    );
    return { inserted: toRequestRow(state) };
  });

  if (stored.replayOf) return { view: (await loadAgentRequestView(db, agent.id, stored.replayOf))!, replayed: true };
  const inserted = stored.inserted!;
  const view = inserted.status === "pending" ? toAgentRequestView(inserted, [], undefined) : await loadAgentRequestView(db, agent.id, id);
  return { view: view!, replayed: false };
}

/**
 * Every walk below (canonical JSON, masking, storing, rendering) recurses; bounded here, whichever
 * path the request came through, they cannot overflow the stack. Measured without recursion.
 */
function refuseDeepNesting(input: SubmitActionRequestInput): void {
  const fields = (["parameters", "context", "change"] as const)
    .filter((field) => jsonValueDepth(input[field], MAX_JSON_DEPTH) > MAX_JSON_DEPTH)
    .map((field) => ({ path: field, message: `${field} nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep; ${MAX_JSON_DEPTH} is the limit` }));
  if (fields.length) throw new ServiceError("VALIDATION", "The request is not valid.", fields);
}
