import { eq } from "drizzle-orm";
import { generateText, stepCountIs, tool } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { Database } from "../../db/client";
import { actionRequests, events } from "../../db/schema";
import { approveActionRequest } from "../../lib/services/approve-action-request";
import { rejectActionRequest } from "../../lib/services/reject-action-request";
import { newServiceContext } from "../../lib/services/service-context";
import { countersignExecute } from "../../packages/sdk/src/adapters/ai-sdk";
import { Countersign } from "../../packages/sdk/src/index";
import { agentApiFetch, waitForRequestId } from "./agent-api-fetch";
import { alice, seedAgent, type SeededAgent } from "./fixtures";
import { TEST_APP_URL, useTestDatabase } from "./test-database";

vi.stubEnv("AGENT_RATE_LIMIT", "0");
vi.stubEnv("AGENT_MAX_PENDING", "0");
afterAll(() => vi.unstubAllEnvs());

let db: Database;
let agent: SeededAgent;
beforeAll(async () => {
  db = await useTestDatabase();
  agent = await seedAgent(db);
});

const usage = { inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 1, text: 1, reasoning: 0 } };
const toolCall = (id: string, sql: string) => ({
  content: [{ type: "tool-call" as const, toolCallId: id, toolName: "exportCustomers", input: JSON.stringify({ sql }) }],
  finishReason: { unified: "tool-calls" as const, raw: "tool_calls" },
  usage,
  warnings: [],
});
const answer = { content: [{ type: "text" as const, text: "done" }], finishReason: { unified: "stop" as const, raw: "stop" }, usage, warnings: [] };

/** A real AI SDK generation whose (stubbed) model calls the guarded tool with each of these queries in turn, then answers. */
function agentRun(label: string, ...queries: string[]) {
  const ran: string[] = [];
  const model = new MockLanguageModelV3({ doGenerate: [...queries.map((sql, i) => toolCall(`call-${i}`, sql)), answer] });
  const cs = new Countersign({ baseUrl: TEST_APP_URL, apiKey: agent.apiKey, fetch: agentApiFetch, retry: { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 } });
  const exportCustomers = tool({
    inputSchema: z.object({ sql: z.string() }),
    execute: countersignExecute(cs, ({ sql }) => ({ action: "db.export", resource: "postgres://prod-db/customers", summary: `${label}: ${sql}` }), ({ sql }) => {
      ran.push(sql);
      return "42 rows";
    }),
  });
  const generation = generateText({ model, tools: { exportCustomers }, prompt: "Export the churned customers", stopWhen: stepCountIs(queries.length + 1) });
  const idOf = (sql: string) => waitForRequestId(db, agent.id, `${label}: ${sql}`);
  return { generation, model, ran, idOf };
}

const executions = async (id: string) => (await db.select().from(events).where(eq(events.streamId, id))).filter((e) => e.type === "execution.reported").map((e) => e.data);
const statusOf = async (id: string) => (await db.select().from(actionRequests).where(eq(actionRequests.id, id)))[0]!.status;
/** What the model was told the tool returned, in the prompt of the step after the call. */
const toolResultsSeen = (model: MockLanguageModelV3, step: number) => JSON.stringify(model.doGenerateCalls[step]!.prompt.filter((m) => m.role === "tool"));

describe("the Vercel AI SDK adapter against the real API", () => {
  it("approved: the tool runs once with the approved input, its result reaches the model, and the execution is reported", async () => {
    const sql = "SELECT id FROM customers WHERE churned";
    const { generation, model, ran, idOf } = agentRun("ai approved", sql);
    const id = await idOf(sql);
    expect(ran).toEqual([]);
    await approveActionRequest(newServiceContext(db, alice), id, "Read-only");
    expect((await generation).text).toBe("done");
    expect(ran).toEqual([sql]);
    expect(toolResultsSeen(model, 1)).toContain("42 rows");
    expect(await statusOf(id)).toBe("executed");
    expect(await executions(id)).toEqual([expect.objectContaining({ outcome: "succeeded" })]);
  });

  it("rejected: the tool never runs and the model is told the reviewer's reason", async () => {
    const sql = "SELECT * FROM customers";
    const { generation, model, ran, idOf } = agentRun("ai rejected", sql);
    const id = await idOf(sql);
    await rejectActionRequest(newServiceContext(db, alice), id, "Not during the freeze");
    expect((await generation).text).toBe("done");
    expect(ran).toEqual([]);
    expect(toolResultsSeen(model, 1)).toContain("Not during the freeze");
    expect(await executions(id)).toEqual([]);
  });

  it("edited input: the model's changed call is a new request that the first approval does not cover", async () => {
    const approved = "SELECT id FROM customers WHERE churned";
    const edited = "SELECT id, email FROM customers WHERE churned";
    const { generation, model, ran, idOf } = agentRun("ai edited", approved, edited);
    const first = await idOf(approved);
    await approveActionRequest(newServiceContext(db, alice), first);
    const second = await idOf(edited);
    expect(second).not.toBe(first);
    expect(await statusOf(second)).toBe("pending");
    expect(ran).toEqual([approved]);
    await rejectActionRequest(newServiceContext(db, alice), second, "Emails are personal data");
    await generation;
    expect(ran).toEqual([approved]);
    expect(toolResultsSeen(model, 2)).toContain("Emails are personal data");
    expect(await executions(second)).toEqual([]);
  });
});
