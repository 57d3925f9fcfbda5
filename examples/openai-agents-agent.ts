/**
 * An OpenAI Agents SDK agent: the tool's `needsApproval` interrupts the run, `settleInterruptions`
 * approves or rejects each call from Countersign's decision, and `guardedExecute` runs only with a
 * verified grant for exactly the model's arguments, then reports. It runs without an LLM key: the
 * model is a scripted `Model` for the real Agents runtime that calls the tool once. With a real model,
 * use @openai/agents' default (OPENAI_API_KEY) by giving the Agent `model: "gpt-4.1"` instead.
 *
 *   COUNTERSIGN_URL=http://localhost:3000 COUNTERSIGN_API_KEY=$(cat .data/demo-agent.key) npx tsx examples/openai-agents-agent.ts
 */
import { Countersign } from "@countersign/sdk";
import { guardedExecute, needsApproval, settleInterruptions } from "@countersign/sdk/openai-agents";
import { Agent, Runner, tool, Usage, type Model, type ModelResponse } from "@openai/agents-core";
import { z } from "zod";

const cs = new Countersign({ baseUrl: process.env.COUNTERSIGN_URL ?? "http://localhost:3000", apiKey: process.env.COUNTERSIGN_API_KEY ?? "" });
const spec = ({ sql }: { sql: string }) => ({ action: "db.export", resource: "postgres://prod-db/customers", summary: `Export: ${sql}` });

const exportCustomers = tool({
  name: "export_customers",
  description: "Export customers from the production database with a read-only query",
  parameters: z.object({ sql: z.string() }),
  needsApproval: needsApproval(cs, spec),
  execute: guardedExecute(cs, spec, async ({ sql }) => `exported 2 rows (${sql})`),
});

/** First calls the tool, then answers with what it returned. */
const scripted: Model = {
  async getResponse(request): Promise<ModelResponse> {
    const called = Array.isArray(request.input) && request.input.some((item) => item.type === "function_call_result");
    const output: ModelResponse["output"] = called
      ? [{ type: "message", role: "assistant", status: "completed", content: [{ type: "output_text", text: "The export is done." }] }]
      : [{ type: "function_call", callId: "call_example_1", name: "export_customers", arguments: JSON.stringify({ sql: "SELECT id, plan FROM customers WHERE churned_at >= '2026-10-01'" }), status: "completed" }];
    return { usage: new Usage(), output };
  },
  getStreamedResponse: () => {
    throw new Error("not streamed");
  },
};

const runner = new Runner({ tracingDisabled: true });
const agent = new Agent({ name: "exporter", model: scripted, tools: [exportCustomers] });
let result = await runner.run(agent, "Export the customers who churned in October");
while (result.interruptions.length) {
  console.log("Waiting for approval in Countersign (the console's queue)…");
  const settled = await settleInterruptions(result.state, { timeoutMs: 10 * 60_000 });
  // Still undecided: keep `result.state.toString()` and settle again later (RunState.fromString).
  if (settled.pending.length) throw new Error("no decision in time");
  for (const item of settled.rejected) console.error(`Rejected: ${item.name}`);
  result = await runner.run(agent, result.state);
}
console.log(result.finalOutput);
