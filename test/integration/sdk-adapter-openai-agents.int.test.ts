import { Agent, RunState, Runner, tool, Usage, type Model, type ModelRequest, type ModelResponse } from "@openai/agents-core";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { Database } from "../../db/client";
import { actionRequests, events } from "../../db/schema";
import { approveActionRequest } from "../../lib/services/approve-action-request";
import { rejectActionRequest } from "../../lib/services/reject-action-request";
import { newServiceContext } from "../../lib/services/service-context";
import { guardedExecute, needsApproval, settleInterruptions } from "../../packages/sdk/src/adapters/openai-agents";
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

/** A stubbed model for the real Agents runtime: first it calls the tool with `sql` (its call ids unique, as OpenAI's are), then it answers; it keeps what it was sent. */
class ScriptedModel implements Model {
  readonly requests: ModelRequest[] = [];
  constructor(
    private readonly callId: string,
    private readonly sql: string,
  ) {}
  async getResponse(request: ModelRequest): Promise<ModelResponse> {
    this.requests.push(request);
    const output: ModelResponse["output"] =
      this.requests.length === 1
        ? [{ type: "function_call", callId: this.callId, name: "export_customers", arguments: JSON.stringify({ sql: this.sql }), status: "completed" }]
        : [{ type: "message", role: "assistant", status: "completed", content: [{ type: "output_text", text: "done" }] }];
    return { usage: new Usage(), output };
  }
  async *getStreamedResponse(): AsyncIterable<never> {
    throw new Error("not streamed");
  }
}

function setup(label: string, sql: string) {
  const ran: unknown[] = [];
  const cs = new Countersign({ baseUrl: TEST_APP_URL, apiKey: agent.apiKey, fetch: agentApiFetch, retry: { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 } });
  const spec = ({ sql: query }: { sql: string }) => ({ action: "db.export", resource: "postgres://prod-db/customers", summary: `${label}: ${query}` });
  const model = new ScriptedModel(`call_${label.replaceAll(" ", "_")}`, sql);
  const exportCustomers = tool({
    name: "export_customers",
    description: "Exports customers",
    parameters: z.object({ sql: z.string() }),
    needsApproval: needsApproval(cs, spec),
    execute: guardedExecute(cs, spec, (approved) => {
      ran.push(approved);
      return "42 rows";
    }),
  });
  const runner = new Runner({ tracingDisabled: true });
  const assistant = new Agent({ name: "exporter", model, tools: [exportCustomers] });
  const idOf = (query: string) => waitForRequestId(db, agent.id, `${label}: ${query}`);
  return { runner, assistant, model, ran, idOf };
}

const requestsOf = async (label: string) => (await db.select().from(actionRequests).where(eq(actionRequests.agentId, agent.id))).filter((r) => r.summary.startsWith(`${label}:`));
const executions = async (id: string) => (await db.select().from(events).where(and(eq(events.streamId, id), eq(events.type, "execution.reported")))).map((e) => e.data);

describe("the OpenAI Agents SDK adapter against the real API", () => {
  it("approved: the interruption is approved from Countersign's decision, the tool runs the approved call and the execution is reported", async () => {
    const sql = "SELECT id FROM customers WHERE churned";
    const { runner, assistant, model, ran, idOf } = setup("agents approved", sql);
    const first = await runner.run(assistant, "Export the churned customers");
    expect(first.interruptions.map((i) => i.name)).toEqual(["export_customers"]);
    const settling = settleInterruptions(first.state);
    const id = await idOf(sql);
    await approveActionRequest(newServiceContext(db, alice), id, "Read-only");
    expect((await settling).approved).toHaveLength(1);
    const done = await runner.run(assistant, first.state);
    expect(done.finalOutput).toBe("done");
    expect(ran).toEqual([{ sql }]);
    expect(JSON.stringify(model.requests[1]!.input)).toContain("42 rows");
    expect((await requestsOf("agents approved")).map((r) => [r.id, r.status])).toEqual([[id, "executed"]]);
    expect(await executions(id)).toEqual([expect.objectContaining({ outcome: "succeeded" })]);
  });

  it("rejected: the call is rejected with the reviewer's reason, which the model reads, and the tool never runs", async () => {
    const sql = "SELECT * FROM customers";
    const { runner, assistant, model, ran, idOf } = setup("agents rejected", sql);
    const first = await runner.run(assistant, "Export every customer");
    const settling = settleInterruptions(first.state);
    const id = await idOf(sql);
    await rejectActionRequest(newServiceContext(db, alice), id, "Not during the freeze");
    expect((await settling).rejected).toHaveLength(1);
    const done = await runner.run(assistant, first.state);
    expect(done.finalOutput).toBe("done");
    expect(ran).toEqual([]);
    expect(JSON.stringify(model.requests[1]!.input)).toContain("Not during the freeze");
    expect(await executions(id)).toEqual([]);
  });

  it("a long wait: the state is saved while pending, restored after the approval, and settles on the same request", async () => {
    const sql = "SELECT id FROM customers WHERE churned AND region = 'EU'";
    const { runner, assistant, ran, idOf } = setup("agents restored", sql);
    const first = await runner.run(assistant, "Export the EU churn");
    expect((await settleInterruptions(first.state, { timeoutMs: 0 })).pending).toHaveLength(1);
    const saved = first.state.toString();
    await approveActionRequest(newServiceContext(db, alice), await idOf(sql));
    const restored = await RunState.fromString(assistant, saved);
    expect((await settleInterruptions(restored, { timeoutMs: 5_000 })).approved).toHaveLength(1);
    await runner.run(assistant, restored);
    expect(ran).toEqual([{ sql }]);
    expect((await requestsOf("agents restored")).map((r) => r.status)).toEqual(["executed"]);
  });

  it("edited arguments: a saved call whose arguments changed is a new request that neither the first approval nor the run's own approval covers", async () => {
    const sql = "SELECT id FROM customers WHERE churned";
    const edited = "SELECT id, email FROM customers WHERE churned";
    const { runner, assistant, model, ran, idOf } = setup("agents edited", sql);
    const first = await runner.run(assistant, "Export the churned customers");
    await settleInterruptions(first.state, { timeoutMs: 0 });
    const approvedId = await idOf(sql);
    await approveActionRequest(newServiceContext(db, alice), approvedId);
    const saved = first.state.toString();
    expect(saved).toContain(JSON.stringify(JSON.stringify({ sql })).slice(1, -1));
    const restored = await RunState.fromString(assistant, saved.replaceAll(JSON.stringify(JSON.stringify({ sql })).slice(1, -1), JSON.stringify(JSON.stringify({ sql: edited })).slice(1, -1)));
    const settled = await settleInterruptions(restored, { timeoutMs: 0 });
    expect(settled.pending).toHaveLength(1);
    const editedId = await idOf(edited);
    expect(editedId).not.toBe(approvedId);
    expect((await requestsOf("agents edited")).find((r) => r.id === editedId)!.status).toBe("pending");
    // Even approved in the run itself (not by Countersign), the edited call waits for its own request's decision.
    restored.approve(restored.getInterruptions()[0]!);
    const resumed = runner.run(assistant, restored);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(ran).toEqual([]);
    await rejectActionRequest(newServiceContext(db, alice), editedId, "Emails are personal data");
    expect((await resumed).finalOutput).toBe("done");
    expect(ran).toEqual([]);
    expect(JSON.stringify(model.requests.at(-1)!.input)).toContain("Emails are personal data");
    expect(await executions(approvedId)).toEqual([]);
  });
});
