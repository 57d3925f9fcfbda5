import type { Server } from "node:http";
import { and, eq } from "drizzle-orm";
import { AIMessage, createAgent, fakeModel, tool, ToolMessage } from "langchain";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { Database } from "../../db/client";
import { actionRequests, events } from "../../db/schema";
import { approveActionRequest } from "../../lib/services/approve-action-request";
import { rejectActionRequest } from "../../lib/services/reject-action-request";
import { newServiceContext } from "../../lib/services/service-context";
import { countersignMiddleware } from "../../packages/sdk/src/adapters/langchain";
import { Countersign } from "../../packages/sdk/src/index";
import { alice, seedAgent, type SeededAgent } from "./fixtures";
import { serveAgentApi } from "./agent-api-fetch";
import { stopServer } from "./route-server";
import { useTestDatabase } from "./test-database";

/**
 * The LangChain middleware in a real `createAgent` run (LangGraph underneath), its model LangChain's
 * own `fakeModel` emitting the tool calls, against the real agent API's route handlers over HTTP on
 * the real database. People decide through the services.
 */
vi.stubEnv("AGENT_RATE_LIMIT", "0");
vi.stubEnv("AGENT_MAX_PENDING", "0");
afterAll(() => vi.unstubAllEnvs());

let db: Database;
let agent: SeededAgent;
let server: Server;
let apiUrl: string;

beforeAll(async () => {
  db = await useTestDatabase();
  agent = await seedAgent(db);
  ({ server: server, url: apiUrl } = await serveAgentApi());
});

afterAll(() => stopServer(server));

const requestsOn = (resource: string) => db.select().from(actionRequests).where(eq(actionRequests.resource, resource));
const executionEvents = (requestId: string) => db.select().from(events).where(and(eq(events.streamId, requestId), eq(events.type, "execution.reported")));

describe("countersignMiddleware in a LangChain agent against the real API", () => {
  it("rejected → the tool does not run and the model reads the reason; the edited call is a new request; approved → it runs with the approved arguments and is reported", async () => {
    const resource = `postgres://prod-db/${crypto.randomUUID()}`;
    const ran: unknown[] = [];
    const modelRead: unknown[] = [];
    const exportCustomers = tool(
      async (args) => {
        ran.push(args);
        return `exported ${args.columns.join(",")}`;
      },
      { name: "export_customers", description: "Export customer columns", schema: z.object({ columns: z.array(z.string()) }) },
    );
    const model = fakeModel()
      .respondWithTools([{ name: "export_customers", args: { columns: ["id", "email", "card_number"] }, id: "call_1" }])
      .respond((messages) => {
        modelRead.push(messages.at(-1)!.content);
        return new AIMessage({ content: "", tool_calls: [{ name: "export_customers", args: { columns: ["id", "email"] }, id: "call_2" }] });
      })
      .respond(new AIMessage("Exported id and email."));
    const countersign = new Countersign({ baseUrl: apiUrl, apiKey: agent.apiKey });
    const agentRun = createAgent({
      model,
      tools: [exportCustomers],
      middleware: [countersignMiddleware(countersign, { export_customers: (args) => ({ action: "db.export", resource, summary: `Export ${String(args.columns)}` }) }, { timeoutMs: 30_000 })],
    }).invoke({ messages: [{ role: "user", content: "Export our customers" }] });

    const first = await vi.waitFor(async () => {
      const [row] = await requestsOn(resource);
      expect(row?.status).toBe("pending");
      return row!;
    }, { timeout: 10_000 });
    await rejectActionRequest(newServiceContext(db, alice), first.id, "No card numbers leave the database");

    const second = await vi.waitFor(async () => {
      const row = (await requestsOn(resource)).find((candidate) => candidate.id !== first.id);
      expect(row?.status).toBe("pending");
      return row!;
    }, { timeout: 10_000 });
    await approveActionRequest(newServiceContext(db, alice), second.id, "Without cards, fine");

    const { messages } = await agentRun;
    const toolMessages = messages.filter((message) => ToolMessage.isInstance(message));
    expect(toolMessages.map((message) => [message.tool_call_id, message.status, message.content])).toEqual([
      ["call_1", "error", `Not run: request ${first.id} was rejected: No card numbers leave the database`],
      ["call_2", "success", "exported id,email"],
    ]);
    expect(modelRead).toEqual([`Not run: request ${first.id} was rejected: No card numbers leave the database`]);
    expect(ran).toEqual([{ columns: ["id", "email"] }]);
    expect(messages.at(-1)?.content).toBe("Exported id and email.");

    const rows = await requestsOn(resource);
    expect(rows.map((row) => [row.id, row.status]).sort()).toEqual([[first.id, "rejected"], [second.id, "executed"]].sort());
    expect(await executionEvents(first.id)).toEqual([]);
    expect((await executionEvents(second.id)).map((event) => event.data)).toEqual([expect.objectContaining({ outcome: "succeeded" })]);
  });
});
