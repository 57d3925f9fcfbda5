/**
 * The Claude Agent SDK's permission hook, answered by Countersign: `countersignCanUseTool` asks for
 * each tool call Claude wants to make and answers allow (with the approved input) or deny (with the
 * reviewer's reason). With ANTHROPIC_API_KEY set and @anthropic-ai/claude-agent-sdk installed beside
 * it, this runs a real `query` (the model is Claude). Without them, it answers one Bash call the way
 * the runtime asks, runs it only if allowed and reports it, so it still runs against the server.
 * For Claude Code itself, use the `countersign-hook` command instead (see the README).
 *
 *   COUNTERSIGN_URL=http://localhost:3000 COUNTERSIGN_API_KEY=$(cat .data/demo-agent.key) npx tsx examples/claude-agent.ts
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { Countersign } from "@countersign/sdk";
import { countersignCanUseTool, reportToolCall, type ClaudeToolSpec } from "@countersign/sdk/claude-agent";

const cs = new Countersign({ baseUrl: process.env.COUNTERSIGN_URL ?? "http://localhost:3000", apiKey: process.env.COUNTERSIGN_API_KEY ?? "" });
const spec: ClaudeToolSpec = (toolName, input) => ({ action: `claude.${toolName}`, resource: `file://${process.cwd()}`, summary: `${toolName}: ${JSON.stringify(input).slice(0, 200)}` });
const canUseTool = countersignCanUseTool(cs, spec, { timeoutMs: 10 * 60_000 });

// The SDK's name in a variable: an optional peer of @countersign/sdk, so an agent without it still runs
// the example (the repository installs it only for its runtime test).
const claudeAgentSdk = "@anthropic-ai/claude-agent-sdk";
type Query = (args: { prompt: string; options: { canUseTool: typeof canUseTool } }) => AsyncIterable<{ type: string; result?: string }>;
const sdk = process.env.ANTHROPIC_API_KEY ? ((await import(claudeAgentSdk).catch(() => undefined)) as { query: Query } | undefined) : undefined;

if (sdk) {
  for await (const message of sdk.query({ prompt: "List the files in this folder with ls", options: { canUseTool } })) if (message.type === "result") console.log(message.result);
} else {
  const call = { toolName: "Bash", toolUseId: `toolu_example_${Date.now()}`, input: { command: "ls -1" } };
  console.log("Asking Countersign to allow Bash: ls -1 (approve it in the console's queue)…");
  const answer = await canUseTool(call.toolName, call.input, { signal: AbortSignal.timeout(10 * 60_000), toolUseID: call.toolUseId });
  if (answer.behavior === "allow") {
    const { stdout } = await promisify(execFile)("ls", ["-1"]);
    await reportToolCall(cs, spec, call, "succeeded", `${stdout.split("\n").filter(Boolean).length} entries`);
    console.log(stdout);
  } else {
    console.error(`Denied: ${answer.message}`);
    process.exitCode = 1;
  }
}
