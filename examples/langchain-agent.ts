/**
 * A LangChain (createAgent, LangGraph underneath) agent whose listed tools run only once a person
 * approved that exact call in Countersign, through `countersignMiddleware`; a refusal is the tool's
 * error for the model to read, an edited call a new request. It runs without an LLM key: the model is
 * LangChain's own `fakeModel`, scripted to call the tool once. With a real model, pass e.g.
 * `"openai:gpt-4.1"` (and OPENAI_API_KEY) as `model` instead.
 *
 *   COUNTERSIGN_URL=http://localhost:3000 COUNTERSIGN_API_KEY=$(cat .data/demo-agent.key) npx tsx examples/langchain-agent.ts
 */
import { Countersign } from "@countersign/sdk";
import { countersignMiddleware } from "@countersign/sdk/langchain";
import { AIMessage, createAgent, fakeModel, tool } from "langchain";
import { z } from "zod";

const cs = new Countersign({ baseUrl: process.env.COUNTERSIGN_URL ?? "http://localhost:3000", apiKey: process.env.COUNTERSIGN_API_KEY ?? "" });

const exportCustomers = tool(async ({ columns }) => `exported ${columns.join(", ")} of 2 customers`, {
  name: "export_customers",
  description: "Export customer columns from the production database",
  schema: z.object({ columns: z.array(z.string()) }),
});

const model = fakeModel()
  .respondWithTools([{ name: "export_customers", args: { columns: ["id", "plan"] }, id: "call_1" }])
  .respond(new AIMessage("The export is done."));

const agent = createAgent({
  model,
  tools: [exportCustomers],
  middleware: [
    countersignMiddleware(
      cs,
      { export_customers: (args) => ({ action: "db.export", resource: "postgres://prod-db/customers", summary: `Export columns ${String(args.columns)}` }) },
      { onTicket: (ticket) => console.log(`Waiting for approval: ${ticket.consoleUrl}`), timeoutMs: 10 * 60_000 },
    ),
  ],
});

const { messages } = await agent.invoke({ messages: [{ role: "user", content: "Export the customers' ids and plans" }] });
for (const message of messages) console.log(`${message.type}: ${typeof message.content === "string" ? message.content : JSON.stringify(message.content)}`);
