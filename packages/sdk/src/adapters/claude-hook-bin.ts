#!/usr/bin/env node
/// <reference types="node" />
import { Countersign } from "../client.js";
import { decideToolCall, reportToolCall, type ClaudeToolCall, type ClaudeToolSpec } from "./claude-agent.js";

/**
 * `countersign-hook`: a Claude Code command hook for PreToolUse, PostToolUse and PostToolUseFailure.
 * It reads the hook's JSON on stdin (the installed SDK's PreToolUseHookInput & co.) and answers on
 * stdout: allow / deny with the reviewer's reason, or defer when no one decided within
 * COUNTERSIGN_HOOK_WAIT_SECONDS (the resumed session asks again and finds the same request).
 * It fails closed: any error is a deny, whose text never holds the API key.
 */

type HookInput = { hook_event_name: string; tool_name: string; tool_input: unknown; tool_use_id: string; cwd: string; error?: string };

const env = (name: string) => process.env[name]?.trim() || undefined;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

const answer = (output: object) => process.stdout.write(`${JSON.stringify(output)}\n`);
const preToolUse = (permissionDecision: "allow" | "deny" | "defer", permissionDecisionReason: string, updatedInput?: Record<string, unknown>) =>
  answer({ hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision, permissionDecisionReason, ...(updatedInput ? { updatedInput } : {}) } });

let input: HookInput | undefined;

const spec: ClaudeToolSpec = (toolName) => ({
  action: `${env("COUNTERSIGN_ACTION_PREFIX") ?? "claude-code"}.${toolName}`,
  resource: env("COUNTERSIGN_RESOURCE") ?? `file://${input?.cwd}`,
  environment: env("COUNTERSIGN_ENVIRONMENT") ?? "production",
  summary: `Claude Code wants to run ${toolName}`.slice(0, 500),
});

try {
  input = JSON.parse(await readStdin()) as HookInput;
  const baseUrl = env("COUNTERSIGN_URL");
  const apiKey = env("COUNTERSIGN_API_KEY");
  if (!baseUrl || !apiKey) throw new Error("COUNTERSIGN_URL and COUNTERSIGN_API_KEY must be set");
  const countersign = new Countersign({ baseUrl, apiKey });
  const toolInput = input.tool_input && typeof input.tool_input === "object" ? (input.tool_input as Record<string, unknown>) : { value: input.tool_input };
  const call: ClaudeToolCall = { toolName: input.tool_name, toolUseId: input.tool_use_id, input: toolInput };
  switch (input.hook_event_name) {
    case "PreToolUse": {
      const decision = await decideToolCall(countersign, spec, call, { timeoutMs: Number(env("COUNTERSIGN_HOOK_WAIT_SECONDS") ?? 50) * 1000 });
      if (decision.behavior === "allow") preToolUse("allow", `Approved in Countersign (request ${decision.ticket.id})`, decision.parameters);
      else preToolUse(decision.behavior === "deny" ? "deny" : "defer", decision.message);
      break;
    }
    case "PostToolUse":
    case "PostToolUseFailure":
      await reportToolCall(countersign, spec, call, input.hook_event_name === "PostToolUse" ? "succeeded" : "failed", input.error?.slice(0, 2_000));
      answer({});
      break;
    default:
      throw new Error(`countersign-hook handles PreToolUse, PostToolUse and PostToolUseFailure, not ${input.hook_event_name}`);
  }
} catch (error) {
  const message = `Countersign could not be asked: ${error instanceof Error ? error.message : String(error)}`;
  // Unreadable input is answered as a PreToolUse would be: refused.
  if (!input || input.hook_event_name === "PreToolUse") preToolUse("deny", message);
  else {
    process.stderr.write(`${message}\n`);
    process.exitCode = 1;
  }
}
