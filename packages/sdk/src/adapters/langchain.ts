import { ToolMessage } from "@langchain/core/messages";
import { createMiddleware } from "langchain";
import type { ActionRequestBody } from "../api-types.js";
import type { Countersign, GuardOptions } from "../client.js";
import { CountersignError } from "../errors.js";

/**
 * LangChain JS v1 agents (`createAgent`, on LangGraph): a middleware whose `wrapToolCall` asks
 * Countersign before each listed tool runs. The tool runs only with an approved, locally verified
 * grant and with exactly the approved arguments, and its execution is reported (`guard`). A refusal
 * reaches the model as the tool's error message with the reviewer's reason, so it can change course;
 * a call with edited arguments is a new request, which no earlier decision approves.
 */

/** How each guarded tool's call is described to the reviewer; the call's arguments are its parameters. */
export type LangChainToolSpecs = Record<string, (args: Record<string, unknown>) => Omit<ActionRequestBody, "parameters">>;

export function countersignMiddleware(countersign: Countersign, tools: LangChainToolSpecs, options: Omit<GuardOptions, "signal"> = {}) {
  return createMiddleware({
    name: "Countersign",
    wrapToolCall: async (request, handler) => {
      const describe = Object.hasOwn(tools, request.toolCall.name) ? tools[request.toolCall.name] : undefined;
      if (!describe) return handler(request);
      const args = request.toolCall.args as Record<string, unknown>;
      let ran = false;
      try {
        return await countersign.guard(
          { ...describe(args), parameters: args as ActionRequestBody["parameters"] },
          (approved) => {
            ran = true;
            return handler({ ...request, toolCall: { ...request.toolCall, args: approved as Record<string, unknown> } });
          },
          { ...options, signal: request.runtime.signal },
        );
      } catch (error) {
        // A refusal before the tool ran is the model's to read; the tool's own failures (and a failed report after it ran) stay errors.
        if (ran || !(error instanceof CountersignError)) throw error;
        return new ToolMessage({ content: `Not run: ${error.message}`, tool_call_id: request.toolCall.id ?? "", name: request.toolCall.name, status: "error" });
      }
    },
  });
}
