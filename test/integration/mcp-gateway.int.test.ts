import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import os from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { CallToolResultSchema, CreateTaskResultSchema, ElicitRequestSchema, type CallToolResult, type ElicitRequestURLParams } from "@modelcontextprotocol/sdk/types.js";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "../../db/client";
import { actionRequests, events } from "../../db/schema";
import { approveActionRequest } from "../../lib/services/approve-action-request";
import { rejectActionRequest } from "../../lib/services/reject-action-request";
import { newServiceContext } from "../../lib/services/service-context";
import { serveAgentApi } from "./agent-api-fetch";
import { alice, seedAgent, type SeededAgent } from "./fixtures";
import { stopServer } from "./route-server";
import { useTestDatabase } from "./test-database";

/**
 * countersign-mcp's gateway as an MCP client starts it: the built binary (`countersign-mcp gateway --
 * node recording-server.ts`), spoken to over stdio by the official MCP client, wrapping a real small
 * upstream MCP server (official SDK) that records every call it runs, and asking the real agent API
 * over HTTP on the real database. People decide through the services.
 */
vi.stubEnv("AGENT_RATE_LIMIT", "0");
vi.stubEnv("AGENT_MAX_PENDING", "0");
afterAll(() => vi.unstubAllEnvs());

const root = path.resolve(import.meta.dirname, "../..");
const binary = path.join(root, "packages/mcp/dist/bin.js");
const upstreamServer = path.join(import.meta.dirname, "mcp-upstream/recording-server.ts");
const STATE = "_countersign_state";

let db: Database;
let agent: SeededAgent;
let server: Server;
let apiUrl: string;
const clients: Client[] = [];

type Gateway = { client: Client; calls: () => { tool: string; args: Record<string, unknown>; sawApiKey: boolean }[] };

/** A gateway process wrapping a fresh recording upstream; write_* and delete_* are held, the rest pass. */
async function gateway({ apiKey = agent.apiKey, env = {}, client = new Client({ name: "gateway-test", version: "1.0.0" }) }: { apiKey?: string; env?: Record<string, string>; client?: Client } = {}): Promise<Gateway> {
  const record = path.join(mkdtempSync(path.join(os.tmpdir(), "countersign-gateway-")), "calls.jsonl");
  writeFileSync(record, "");
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [binary, "gateway", "--", process.execPath, "--import", "tsx", upstreamServer],
    cwd: root,
    env: { PATH: process.env.PATH ?? "", COUNTERSIGN_URL: apiUrl, COUNTERSIGN_API_KEY: apiKey, COUNTERSIGN_GATEWAY_MATCH: "write_*, delete_*", COUNTERSIGN_GATEWAY_WAIT_SECONDS: "1", UPSTREAM_RECORD: record, ...env },
    stderr: "pipe",
  });
  await client.connect(transport);
  clients.push(client);
  const calls = () => readFileSync(record, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line));
  return { client, calls };
}

beforeAll(async () => {
  db = await useTestDatabase();
  agent = await seedAgent(db);
  ({ server: server, url: apiUrl } = await serveAgentApi());
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await stopServer(server);
});

const call = async (client: Client, name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as CallToolResult;
const textOf = (result: CallToolResult) => result.content.map((part) => (part.type === "text" ? part.text : "")).join("\n");
const pending = (result: CallToolResult) => {
  expect(result.isError).toBe(true);
  const answer = JSON.parse(textOf(result)) as { status: string; requestId: string; consoleUrl: string; [STATE]: string };
  expect(answer).toMatchObject({ status: "pending", consoleUrl: expect.stringMatching(new RegExp(`/requests/${answer.requestId}$`)) });
  return answer;
};
const requestRow = async (id: string) => (await db.select().from(actionRequests).where(eq(actionRequests.id, id)))[0]!;
const reports = async (id: string) => (await db.select().from(events).where(and(eq(events.streamId, id), eq(events.type, "execution.reported")))).map((event) => event.data);

const fileArgs = { path: "/srv/app/config.yml", content: "replicas: 3\n" };

describe("countersign-mcp gateway wrapping a real MCP server", () => {
  it("re-exposes the upstream's tools; held ones take a request state; an unmatched tool passes straight through without a request", async () => {
    const { client, calls } = await gateway();
    const { tools } = await client.listTools();
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    expect([...byName.keys()].sort()).toEqual(["delete_file", "echo", "write_file"]);
    expect(byName.get("write_file")!.inputSchema.properties).toHaveProperty(STATE);
    expect(byName.get("write_file")!.description).toMatch(/approves it in Countersign/);
    expect(byName.get("echo")!.inputSchema.properties).not.toHaveProperty(STATE);

    expect(textOf(await call(client, "echo", { text: "hello" }))).toBe("hello");
    expect(calls()).toEqual([{ tool: "echo", args: { text: "hello" }, sawApiKey: false }]);
    expect(await db.select().from(actionRequests).where(eq(actionRequests.action, "mcp.files.echo"))).toEqual([]);
  });

  it("an approved call runs once, with the exact arguments, after the retry with its request state, and is reported; the state cannot be replayed", async () => {
    const { client, calls } = await gateway();
    const held = pending(await call(client, "write_file", fileArgs));
    expect(calls()).toEqual([]);
    expect(await requestRow(held.requestId)).toMatchObject({ action: "mcp.files.write_file", resource: "mcp://files", environment: "production", status: "pending" });

    // A retry while still undecided resumes the same request and hands out a fresh state (the first is spent).
    const still = pending(await call(client, "write_file", { ...fileArgs, [STATE]: held[STATE] }));
    expect(still.requestId).toBe(held.requestId);
    expect(still[STATE]).not.toBe(held[STATE]);
    expect(await db.select().from(actionRequests).where(eq(actionRequests.action, "mcp.files.write_file"))).toContainEqual(expect.objectContaining({ id: held.requestId }));

    await approveActionRequest(newServiceContext(db, alice), held.requestId, "Config change is fine");
    const ran = await call(client, "write_file", { ...fileArgs, [STATE]: still[STATE] });
    expect(ran.isError).toBeFalsy();
    expect(textOf(ran)).toBe(`wrote ${fileArgs.content.length} bytes to ${fileArgs.path}`);
    expect(calls()).toEqual([{ tool: "write_file", args: fileArgs, sawApiKey: false }]);
    expect((await requestRow(held.requestId)).status).toBe("executed");
    expect(await reports(held.requestId)).toEqual([expect.objectContaining({ outcome: "succeeded" })]);

    const replay = await call(client, "write_file", { ...fileArgs, [STATE]: still[STATE] });
    expect(replay.isError).toBe(true);
    expect(textOf(replay)).toMatch(/^Not run: the request state was already used/);
    expect(calls()).toHaveLength(1);
  });

  it("a retry with other arguments never runs, even once the request is approved", async () => {
    const { client, calls } = await gateway();
    const held = pending(await call(client, "write_file", fileArgs));
    await approveActionRequest(newServiceContext(db, alice), held.requestId);
    const swapped = await call(client, "write_file", { ...fileArgs, content: "replicas: 0\n", [STATE]: held[STATE] });
    expect(swapped.isError).toBe(true);
    expect(textOf(swapped)).toMatch(/^Not run: the arguments differ from the ones the request was made for/);
    const otherTool = await call(client, "delete_file", { path: fileArgs.path, [STATE]: held[STATE] });
    expect(textOf(otherTool)).toMatch(/^Not run: the request state is for another tool/);
    expect(calls()).toEqual([]);
    expect((await requestRow(held.requestId)).status).toBe("approved");
  });

  it("a forged request state is refused, and one from another principal too (even with the gateways' shared key)", async () => {
    const sharedKey = { COUNTERSIGN_GATEWAY_STATE_KEY: "k".repeat(32) };
    const first = await gateway({ env: sharedKey });
    const held = pending(await call(first.client, "write_file", fileArgs));
    await approveActionRequest(newServiceContext(db, alice), held.requestId);

    const [claims, signature] = held[STATE].split(".") as [string, string];
    const edited = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(claims, "base64url").toString()), exp: 4_102_444_800_000 })).toString("base64url");
    const forged = await call(first.client, "write_file", { ...fileArgs, [STATE]: `${edited}.${signature}` });
    expect(textOf(forged)).toMatch(/^Not run: the request state was not issued by this gateway/);

    const other = await gateway({ apiKey: (await seedAgent(db)).apiKey, env: sharedKey });
    const stolen = await call(other.client, "write_file", { ...fileArgs, [STATE]: held[STATE] });
    expect(textOf(stolen)).toMatch(/^Not run: the request state belongs to another principal/);
    expect([...first.calls(), ...other.calls()]).toEqual([]);
  });

  it("a rejected call never runs and says the reviewer's reason", async () => {
    const { client, calls } = await gateway();
    const held = pending(await call(client, "write_file", fileArgs));
    await rejectActionRequest(newServiceContext(db, alice), held.requestId, "Not during the freeze");
    const refused = await call(client, "write_file", { ...fileArgs, [STATE]: held[STATE] });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/rejected: Not during the freeze/);
    expect(calls()).toEqual([]);
  });

  it("an approved call the upstream fails is reported failed with its error, and the upstream's answer reaches the client", async () => {
    const { client, calls } = await gateway();
    const held = pending(await call(client, "delete_file", { path: "/etc/hosts" }));
    await approveActionRequest(newServiceContext(db, alice), held.requestId);
    const failed = await call(client, "delete_file", { path: "/etc/hosts", [STATE]: held[STATE] });
    expect(failed.isError).toBe(true);
    expect(textOf(failed)).toMatch(/^EACCES/);
    expect(calls()).toEqual([{ tool: "delete_file", args: { path: "/etc/hosts" }, sawApiKey: false }]);
    expect(await reports(held.requestId)).toEqual([expect.objectContaining({ outcome: "failed", detail: expect.stringMatching(/^EACCES/) })]);
  });

  it("a client with URL-mode elicitation is sent to the request's page, and the call runs once the person approves there", async () => {
    const client = new Client({ name: "gateway-test-elicit", version: "1.0.0" }, { capabilities: { elicitation: { url: {} } } });
    const elicited: ElicitRequestURLParams[] = [];
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      const params = request.params as ElicitRequestURLParams;
      elicited.push(params);
      // The person follows the link and approves in the console.
      await approveActionRequest(newServiceContext(db, alice), params.elicitationId);
      return { action: "accept" };
    });
    const { calls } = await gateway({ client });
    const ran = await call(client, "write_file", fileArgs);
    expect(textOf(ran)).toMatch(/^wrote /);
    expect(elicited).toEqual([expect.objectContaining({ mode: "url", url: expect.stringMatching(new RegExp(`/requests/${elicited[0]!.elicitationId}$`)) })]);
    expect(calls()).toEqual([{ tool: "write_file", args: fileArgs, sawApiKey: false }]);
    expect((await requestRow(elicited[0]!.elicitationId)).status).toBe("executed");
  });

  it("a client whose elicitation fails still gets the pending answer with the link and a request state", async () => {
    const client = new Client({ name: "gateway-test-broken-elicit", version: "1.0.0" }, { capabilities: { elicitation: { url: {} } } });
    client.setRequestHandler(ElicitRequestSchema, async () => {
      throw new Error("no browser here");
    });
    const { calls } = await gateway({ client });
    const held = pending(await call(client, "write_file", fileArgs));
    expect((await requestRow(held.requestId)).status).toBe("pending");
    expect(calls()).toEqual([]);
  });

  it("a declined elicitation withdraws the request and runs nothing", async () => {
    const client = new Client({ name: "gateway-test-decline", version: "1.0.0" }, { capabilities: { elicitation: { url: {} } } });
    const ids: string[] = [];
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      ids.push((request.params as ElicitRequestURLParams).elicitationId);
      return { action: "decline" };
    });
    const { calls } = await gateway({ client });
    const declined = await call(client, "write_file", fileArgs);
    expect(textOf(declined)).toMatch(/^Not run: the approval request was declined/);
    expect((await requestRow(ids[0]!)).status).toBe("cancelled");
    expect(calls()).toEqual([]);
  });

  it("a call made as an MCP task is answered with the task at once; the task waits for the approval however long, then runs the call once", async () => {
    const { client, calls } = await gateway();
    const { tools } = await client.listTools();
    expect(tools.find((tool) => tool.name === "write_file")!.execution).toEqual({ taskSupport: "optional" });
    expect(tools.find((tool) => tool.name === "echo")!.execution).toBeUndefined();

    const { task } = await client.request({ method: "tools/call", params: { name: "write_file", arguments: fileArgs, task: { ttl: 60_000 } } }, CreateTaskResultSchema);
    const status = await vi.waitFor(
      async () => {
        const current = await client.experimental.tasks.getTask(task.taskId);
        expect(current.statusMessage).toMatch(/\/requests\/[0-9a-f-]{36}$/);
        return current;
      },
      { timeout: 10_000 },
    );
    expect(status.status).toBe("working");
    const requestId = status.statusMessage!.split("/requests/")[1]!;
    // Longer than the bounded wait (1 s here): a task is not held to it.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(calls()).toEqual([]);
    await approveActionRequest(newServiceContext(db, alice), requestId);
    const result = await client.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema);
    expect(textOf(result as CallToolResult)).toMatch(/^wrote /);
    expect(calls()).toEqual([{ tool: "write_file", args: fileArgs, sawApiKey: false }]);
    expect((await requestRow(requestId)).status).toBe("executed");
  });

  it("a task the client cancels before the approval never runs", async () => {
    const { client, calls } = await gateway();
    const { task } = await client.request({ method: "tools/call", params: { name: "write_file", arguments: fileArgs, task: { ttl: 60_000 } } }, CreateTaskResultSchema);
    const requestId = await vi.waitFor(
      async () => {
        const { statusMessage } = await client.experimental.tasks.getTask(task.taskId);
        expect(statusMessage).toMatch(/\/requests\//);
        return statusMessage!.split("/requests/")[1]!;
      },
      { timeout: 10_000 },
    );
    await client.experimental.tasks.cancelTask(task.taskId);
    await approveActionRequest(newServiceContext(db, alice), requestId);
    // Give the gateway's long poll time to see the approval.
    await vi.waitFor(async () => expect((await requestRow(requestId)).status).toBe("approved"));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(calls()).toEqual([]);
    expect((await client.experimental.tasks.getTask(task.taskId)).status).toBe("cancelled");
  });
});
