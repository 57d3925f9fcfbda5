import type { ActionRequestBody } from "../api-types.js";
import type { Countersign } from "../client.js";
import { payloadDigest } from "../payload-digest.js";
import type { Ticket } from "../ticket.js";

/**
 * Claude Agent SDK / Claude Code: a `canUseTool` that asks Countersign, and the steps the
 * `countersign-hook` command takes for PreToolUse / PostToolUse hooks. Typed structurally after the
 * installed SDK's `CanUseTool` and `PermissionResult` (sdk.d.ts), so the SDK never imports it.
 */

/** How a tool call is described to the reviewer; its input becomes the request's parameters. */
export type ClaudeToolSpec = (toolName: string, input: Record<string, unknown>) => Omit<ActionRequestBody, "parameters">;

/** One tool call as Claude names it: `tool_use_id` is stable across a deferred session's resume. */
export type ClaudeToolCall = { toolName: string; toolUseId: string; input: Record<string, unknown> };

export type ClaudeCallDecision =
  | { behavior: "allow"; parameters: Record<string, unknown>; ticket: Ticket }
  | { behavior: "deny"; message: string; ticket: Ticket }
  | { behavior: "pending"; message: string; ticket: Ticket };

/**
 * Requests approval for one call. The Idempotency-Key is the call's id and its payload's digest, so
 * asking again for the same call (a resumed session, the PostToolUse report) finds the same request,
 * while an edited input is a new request that the old decision never approves.
 */
export async function requestToolCall(countersign: Countersign, spec: ClaudeToolSpec, call: ClaudeToolCall, signal?: AbortSignal): Promise<Ticket> {
  const described = spec(call.toolName, call.input);
  const environment = described.environment ?? "production";
  const digest = await payloadDigest({ action: described.action, resource: described.resource, environment, parameters: call.input });
  return countersign.request({ ...described, environment, parameters: call.input as ActionRequestBody["parameters"] }, { idempotencyKey: `claude:${call.toolUseId}:${digest}`, signal });
}

/** Asks and waits up to `timeoutMs`: allow with the exact approved input, deny with the reviewer's reason, or still pending. */
export async function decideToolCall(countersign: Countersign, spec: ClaudeToolSpec, call: ClaudeToolCall, { timeoutMs, signal }: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<ClaudeCallDecision> {
  const ticket = await requestToolCall(countersign, spec, call, signal);
  const decision = await ticket.wait({ timeoutMs, signal });
  if (decision.status === "approved") return { behavior: "allow", parameters: ticket.payload.parameters as Record<string, unknown>, ticket };
  if (decision.status === "pending") return { behavior: "pending", message: `Countersign request ${ticket.id} awaits approval: ${ticket.consoleUrl}`, ticket };
  const why = decision.reason ? `: ${decision.reason}` : "";
  return { behavior: "deny", message: `Countersign request ${ticket.id} was ${decision.status}${why}`, ticket };
}

/** Reports how an approved call went, from its id and input alone (a hook process holds no ticket). */
export async function reportToolCall(countersign: Countersign, spec: ClaudeToolSpec, call: ClaudeToolCall, outcome: "succeeded" | "failed", detail?: string): Promise<void> {
  const ticket = await requestToolCall(countersign, spec, call);
  // The replayed creation answer is the original (pending) one: a short read fetches the grant.
  const decision = await ticket.wait({ timeoutMs: 1_000 });
  if (decision.status !== "approved" || !decision.grant) throw new Error(`Countersign request ${ticket.id} is ${decision.status}, not approved: nothing to report`);
  await ticket.report(outcome, detail, decision.grant);
}

type PermissionResult = { behavior: "allow"; updatedInput?: Record<string, unknown> } | { behavior: "deny"; message: string; interrupt?: boolean };

/**
 * `query({ options: { canUseTool: countersignCanUseTool(cs, spec) } })`: each call Claude asks
 * permission for is requested and waited for; approved runs the approved input, anything else is
 * denied with the reason for the model to read. Report the execution with a PostToolUse hook.
 */
export function countersignCanUseTool(countersign: Countersign, spec: ClaudeToolSpec, { timeoutMs }: { timeoutMs?: number } = {}) {
  return async (toolName: string, input: Record<string, unknown>, options: { signal: AbortSignal; toolUseID: string }): Promise<PermissionResult> => {
    const decision = await decideToolCall(countersign, spec, { toolName, toolUseId: options.toolUseID, input }, { timeoutMs, signal: options.signal });
    return decision.behavior === "allow" ? { behavior: "allow", updatedInput: decision.parameters } : { behavior: "deny", message: decision.message };
  };
}
