import type { FunctionTool, RunState, RunToolApprovalItem } from "@openai/agents-core";
import type { ActionRequestBody } from "../api-types.js";
import type { Countersign, GuardOptions, ToolSpec } from "../client.js";
import { jsonDigest } from "../payload-digest.js";
import { anySignal } from "./any-signal.js";

type Parameters = Record<string, unknown>;
type ApprovalFunction = FunctionTool["needsApproval"];
/** What the Agents SDK passes a tool's `execute` third: the model's call, as it made it. */
type CallDetails = { toolCall?: { callId: string; arguments: string }; signal?: AbortSignal };
type Guarded = { countersign: Countersign; spec: ToolSpec<Parameters> };
export type SettleOptions = { timeoutMs?: number; signal?: AbortSignal };
export type Settled = { approved: RunToolApprovalItem[]; rejected: RunToolApprovalItem[]; pending: RunToolApprovalItem[] };

/** Which Countersign and spec a tool's `needsApproval` stands for, so the settling helper finds them from the tool alone (also after a RunState is restored). */
const guardedTools = new WeakMap<ApprovalFunction, Guarded>();

function requestOf({ spec }: Guarded, parameters: Parameters): ActionRequestBody {
  const described = typeof spec === "function" ? spec(parameters) : spec;
  return { ...described, parameters: parameters as ActionRequestBody["parameters"] };
}

/**
 * One key per model call and request: settling the interruption and running the tool then meet the
 * same request (the server replays it), while changed arguments, even under the same call id, are a
 * new request that no earlier approval covers. The call id is the model's (unique per call at OpenAI).
 */
async function idempotencyKey(callId: string, body: ActionRequestBody): Promise<string> {
  return `openai-agents:${await jsonDigest({ callId, body })}`;
}

/** The model's arguments, as the reviewer is asked about them and the tool will run with them. */
const argumentsOf = (raw: string | undefined): Parameters => JSON.parse(raw || "{}") as Parameters;

/**
 * A tool's `needsApproval` for the OpenAI Agents SDK: every call interrupts the run, to be settled by
 * `settleInterruptions`. The spec must describe a call from its arguments alone (the same arguments,
 * the same request), since the request is made again after a restored RunState.
 */
export function needsApproval<P extends Parameters>(countersign: Countersign, spec: ToolSpec<P>): ApprovalFunction {
  const approval: ApprovalFunction = () => Promise.resolve(true);
  guardedTools.set(approval, { countersign, spec: spec as ToolSpec<Parameters> });
  return approval;
}

/**
 * The tool's `execute`, guarded: it runs only with a verified grant for exactly the model's arguments,
 * and its outcome is reported. An approval given in the run (`state.approve`) but not by Countersign
 * makes it wait for Countersign's; it is never enough by itself.
 */
export function guardedExecute<P extends Parameters, R>(countersign: Countersign, spec: ToolSpec<P>, execute: (approved: P) => Promise<R> | R, options: GuardOptions = {}) {
  const guarded: Guarded = { countersign, spec: spec as ToolSpec<Parameters> };
  return async (_input: unknown, _context: unknown, details?: CallDetails): Promise<R> => {
    const call = details?.toolCall;
    const body = requestOf(guarded, argumentsOf(call?.arguments));
    const signal = anySignal(options.signal, details?.signal);
    const key = call ? await idempotencyKey(call.callId, body) : undefined;
    return countersign.guard(body, (approved) => execute(approved as P), { ...options, signal, idempotencyKey: key });
  };
}

/**
 * Settles `result.interruptions` from Countersign's decisions: asks for each guarded call (once: a
 * second settle, e.g. after `RunState.fromString`, finds the same request), waits up to `timeoutMs`,
 * then `state.approve`s or `state.reject`s it with the reviewer's reason as the message the model reads.
 * Calls still undecided stay pending: save `state.toString()` and settle again later. Interruptions of
 * tools without Countersign's `needsApproval` are left alone.
 */
export async function settleInterruptions(state: Pick<RunState<unknown, never>, "getInterruptions" | "approve" | "reject">, { timeoutMs, signal }: SettleOptions = {}): Promise<Settled> {
  const settled: Settled = { approved: [], rejected: [], pending: [] };
  const deadline = timeoutMs === undefined ? undefined : Date.now() + timeoutMs;
  for (const item of state.getInterruptions()) {
    const tool = (item.agent.tools as FunctionTool[]).find((candidate) => candidate.name === item.name);
    const guarded = tool && guardedTools.get(tool.needsApproval as ApprovalFunction);
    if (!guarded || item.rawItem.type !== "function_call") continue;
    const body = requestOf(guarded, argumentsOf(item.arguments));
    const ticket = await guarded.countersign.request(body, { idempotencyKey: await idempotencyKey(item.rawItem.callId, body), signal });
    const decision = await ticket.wait({ signal, timeoutMs: deadline === undefined ? undefined : Math.max(0, deadline - Date.now()) });
    if (decision.status === "approved") {
      state.approve(item);
      settled.approved.push(item);
    } else if (decision.status === "pending") {
      settled.pending.push(item);
    } else {
      state.reject(item, { message: `Countersign: request ${ticket.id} was ${decision.status}${decision.reason ? `: ${decision.reason}` : ""}` });
      settled.rejected.push(item);
    }
  }
  return settled;
}
