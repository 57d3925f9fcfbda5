import "server-only";
import { createHmac, randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getConfig } from "@/lib/config";
import type { Executor } from "@/db/client";
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
import { loadCommandGuards } from "./load-command-guards";
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

  const { requestsPerWindow, maxPending } = getConfig().agentLimits;
  const countsLimits = requestsPerWindow > 0 || maxPending > 0;

  const stored = await db.transaction(async (tx) => {
    // The policy is sent ahead of the agent's lock, on the same connection at once (pipelined: one
    // round trip), so it is read before the lock, which is held to the commit: the less happens under
    // it, the sooner the agent's next request may go.
    // The lock is shared while the agent has no limits to count: a revocation, which locks the agent
    // FOR UPDATE first, still cannot miss a request committed after it looked, and the agent's
    // submissions run side by side (a retry racing its original meets the unique index, see below).
    // It is exclusive when limits are counted: the agent's submissions then run one at a time, so the
    // counts are exact on any number of replicas.
    // The command's guards (freeze, sealing) follow in the same round trip, in the order written here
    // (each query is sent as its call is made).
    const [policy, [current], guards] = await Promise.all([
      loadCurrentPolicy(tx),
      tx
        .select({ ownerEmail: agents.ownerEmail, revokedAt: agents.revokedAt, ownerGroups: users.groups })
        .from(agents)
        // The owner's groups as last seen at sign-in; an owner who never signed in has none.
        .leftJoin(users, eq(sql`lower(${users.email})`, sql`lower(${agents.ownerEmail})`))
        .where(eq(agents.id, agent.id))
        .for(countsLimits ? "no key update" : "share", { of: agents })
        .execute(),
      loadCommandGuards(tx, ctx.now),
    ]);
    if (!current || current.revokedAt) throw new ServiceError("UNAUTHENTICATED", "The API key is not valid or has been revoked.");
    if (countsLimits) {
      // A retry of an accepted request is answered as before, whatever the limits say now. Without
      // limits the unique index tells a retry (see below): one round trip fewer for every new request.
      const replayOf = await findReplay(tx, agent.id, idempotencyKeyHash, bodyHash);
      if (replayOf) return { replayOf };
      await enforceAgentLimits(tx, agent.id, ctx.now);
    }
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
      guards,
    );
    return { inserted: toRequestRow(state) };
  }).catch(async (error: unknown) => {
    // A retry (of a request stored earlier, or racing its original under the shared lock): answered
    // as a retry is, from what the original stored.
    if (!isIdempotencyKeyTaken(error)) throw error;
    const replayOf = await findReplay(db, agent.id, idempotencyKeyHash, bodyHash);
    if (!replayOf) throw error;
    return { replayOf, inserted: undefined };
  });

  if (stored.replayOf) return { view: (await loadAgentRequestView(db, agent.id, stored.replayOf))!, replayed: true };
  const inserted = stored.inserted!;
  const view = inserted.status === "pending" ? toAgentRequestView(inserted, [], undefined) : await loadAgentRequestView(db, agent.id, id);
  return { view: view!, replayed: false };
}

/** The request this agent stored under the key, if any; a different body under the same key is refused. */
async function findReplay(db: Executor, agentId: string, idempotencyKeyHash: string, bodyHash: string): Promise<string | null> {
  const [existing] = await db
    .select({ id: actionRequests.id, bodyHash: actionRequests.bodyHash })
    .from(actionRequests)
    .where(and(eq(actionRequests.agentId, agentId), eq(actionRequests.idempotencyKey, idempotencyKeyHash)));
  if (!existing) return null;
  if (existing.bodyHash !== bodyHash) throw new ServiceError("CONFLICT", "This Idempotency-Key was already used with a different request body.");
  return existing.id;
}

const IDEMPOTENCY_KEY_CONSTRAINT = "action_requests_agentId_idempotencyKey_unique";

function isIdempotencyKeyTaken(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string; constraint_name?: string } }).cause;
  return cause?.code === "23505" && cause.constraint_name === IDEMPOTENCY_KEY_CONSTRAINT;
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
