/**
 * A Vercel AI SDK agent whose export tool runs only once a person approved that exact call in
 * Countersign; the outcome is reported. It runs without an LLM key: the model is the AI SDK's own
 * MockLanguageModelV3, scripted to call the tool once. With a real model, pass e.g. `openai("gpt-4.1")`
 * from @ai-sdk/openai as `model` instead.
 *
 *   COUNTERSIGN_URL=http://localhost:3000 COUNTERSIGN_API_KEY=$(cat .data/demo-agent.key) npx tsx examples/ai-sdk-agent.ts
 */
import { Countersign } from "@countersign/sdk";
import { countersignExecute } from "@countersign/sdk/ai-sdk";
import { generateText, stepCountIs, tool } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { z } from "zod";

const cs = new Countersign({ baseUrl: process.env.COUNTERSIGN_URL ?? "http://localhost:3000", apiKey: process.env.COUNTERSIGN_API_KEY ?? "" });

const exportCustomers = tool({
  description: "Export customers from the production database with a read-only query",
  inputSchema: z.object({ sql: z.string() }),
  execute: countersignExecute(
    cs,
    ({ sql }) => ({ action: "db.export", resource: "postgres://prod-db/customers", summary: `Export: ${sql}` }),
    // Runs only with a verified grant, with the approved input; a rejection reaches the model as the tool's error.
    async ({ sql }) => `exported 2 rows (${sql})`,
    { onTicket: (ticket) => console.log(`Waiting for approval: ${ticket.consoleUrl}`), timeoutMs: 10 * 60_000 },
  ),
});

const usage = { inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 1, text: 1, reasoning: 0 } };
const model = new MockLanguageModelV3({
  doGenerate: [
    {
      content: [{ type: "tool-call", toolCallId: "call-1", toolName: "exportCustomers", input: JSON.stringify({ sql: "SELECT id, plan FROM customers WHERE churned_at >= '2026-10-01'" }) }],
      finishReason: { unified: "tool-calls", raw: "tool_calls" },
      usage,
      warnings: [],
    },
    { content: [{ type: "text", text: "Done." }], finishReason: { unified: "stop", raw: "stop" }, usage, warnings: [] },
  ],
});

const { steps } = await generateText({ model, tools: { exportCustomers }, prompt: "Export the customers who churned in October", stopWhen: stepCountIs(2) });
for (const part of steps[0]!.content) {
  if (part.type === "tool-result") console.log(`Tool ran: ${String(part.output)}`);
  if (part.type === "tool-error") {
    console.error(`Tool not run: ${part.error instanceof Error ? part.error.message : String(part.error)}`);
    process.exitCode = 1;
  }
}
