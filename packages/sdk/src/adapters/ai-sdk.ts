import type { ToolExecutionOptions } from "ai";
import type { Countersign, GuardOptions, ToolSpec } from "../client.js";
import { anySignal } from "./any-signal.js";

/**
 * A Vercel AI SDK (v6) tool's `execute`, guarded by Countersign: each call the model makes is its own
 * action request with the call's input as parameters, and `execute` runs only once a person approved
 * exactly that input (the grant verified locally), and the outcome is reported. A rejection throws
 * DeniedError, which the AI SDK hands the model as the tool's error, the reviewer's reason in its text;
 * a changed input is a new request, never the old one's approval.
 *
 * Why not the AI SDK's own `needsApproval`: in v6 it ends the generation and waits for the application
 * to answer in the next call's messages, so nothing in the tool can hold the grant that `execute`
 * must report with. `ai` 7 (whose approval hook could wait) needs Node 22; this package supports 20.
 */
export function countersignExecute<P extends Record<string, unknown>, R>(
  countersign: Countersign,
  spec: ToolSpec<P>,
  execute: (input: P, options: ToolExecutionOptions) => Promise<R> | R,
  options: GuardOptions = {},
): (input: P, options: ToolExecutionOptions) => Promise<R> {
  return (input, call) =>
    countersign.wrapTool((approved: P) => execute(approved, call), spec, { ...options, signal: anySignal(options.signal, call.abortSignal) })(input);
}
