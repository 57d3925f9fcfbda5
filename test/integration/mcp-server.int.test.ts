import { existsSync, readFileSync } from "node:fs";
import type { Server } from "node:http";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "../../db/client";
import { actionRequests, events } from "../../db/schema";
import { approveActionRequest } from "../../lib/services/approve-action-request";
import { rejectActionRequest } from "../../lib/services/reject-action-request";
import { newServiceContext } from "../../lib/services/service-context";
import { alice, seedAgent, type SeededAgent } from "./fixtures";
import { serveAgentApi } from "./agent-api-fetch";
import { stopServer } from "./route-server";
import { TEST_APP_URL, useTestDatabase } from "./test-database";

/**
 * The MCP server as an MCP client starts it: the real `countersign-mcp` binary (the package's `bin`,
 * as built by npm's prepare), spoken to over stdio by the official MCP client SDK, calling the real
 * agent API's route handlers over HTTP on the real database. People decide through the services.
 */
vi.stubEnv("AGENT_RATE_LIMIT", "0");
vi.stubEnv("AGENT_MAX_PENDING", "0");
afterAll(() => vi.unstubAllEnvs());

const packageDir = path.resolve(import.meta.dirname, "../../packages/mcp");
const { bin } = JSON.parse(readFileSync(path.join(packageDir, "package.json"), "utf8")) as { bin: Record<string, string> };
const binary = path.join(packageDir, bin["countersign-mcp"]!);

let db: Database;
let agent: SeededAgent;
let server: Server;
let apiUrl: string;
const clients: Client[] = [];

/** A client session with a fresh `countersign-mcp` process, configured as a user's MCP config would. */
async function connect(apiKey: string): Promise<Client> {
  const client = new Client({ name: "countersign-mcp-test", version: "1.0.0" });
  const transport = new StdioClientTransport({ command: process.execPath, args: [binary], env: { PATH: process.env.PATH ?? "", COUNTERSIGN_URL: apiUrl, COUNTERSIGN_API_KEY: apiKey }, stderr: "pipe" });
  await client.connect(transport);
  clients.push(client);
  return client;
}

beforeAll(async () => {
  if (!existsSync(binary)) throw new Error(`${binary} is missing: npm ci builds it (the package's prepare script)`);
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
const structured = (result: CallToolResult) => {
  expect(result.isError, textOf(result)).toBeFalsy();
  return result.structuredContent as Record<string, any>;
};

const exportRequest = (summary: string) => ({
  action: "db.export",
  resource: "postgres://prod-db/customers",
  summary,
  reasoning: "The analyst asked for a churn list.",
  parameters: { sql: "COPY (SELECT id FROM customers WHERE churned) TO STDOUT", format: "csv" },
  context: { ticket: "OPS-1234" },
});

describe("countersign-mcp over stdio against the real API", () => {
  it("lists the four tools, each with a description and its input schema", async () => {
    const { tools } = await (await connect(agent.apiKey)).listTools();
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    expect([...byName.keys()].sort()).toEqual(["get_decision", "report_execution", "request_approval", "verify_grant"]);
    for (const tool of tools) expect(tool.description?.length, tool.name).toBeGreaterThan(80);
    expect(byName.get("request_approval")!.inputSchema.required).toEqual(expect.arrayContaining(["action", "resource", "summary"]));
    expect(byName.get("get_decision")!.inputSchema.properties).toMatchObject({ id: { type: "string" }, waitSeconds: { type: "integer", minimum: 1, maximum: 50 } });
    expect(byName.get("report_execution")!.inputSchema.properties).toMatchObject({ outcome: { enum: ["succeeded", "failed"] } });
    expect(byName.get("verify_grant")!.inputSchema.required).toEqual(expect.arrayContaining(["grant", "requestId", "action", "resource"]));
  });

  it("request → a person approves → the decision carries a verified grant → verify_grant holds it to the exact payload → the execution is recorded", async () => {
    const client = await connect(agent.apiKey);
    const body = exportRequest("MCP export approved");
    const created = structured(await call(client, "request_approval", body));
    expect(created).toMatchObject({ status: "pending", consoleUrl: `${TEST_APP_URL}/requests/${created.id}`, policy: { requiredApprovals: 1 } });

    expect(structured(await call(client, "get_decision", { id: created.id, waitSeconds: 1 }))).toMatchObject({ id: created.id, status: "pending" });

    const waiting = call(client, "get_decision", { id: created.id, waitSeconds: 30 });
    await approveActionRequest(newServiceContext(db, alice), created.id, "Read-only, fine");
    const decision = structured(await waiting);
    expect(decision).toMatchObject({ status: "approved", grantVerified: true, payloadVerified: true, approvers: [alice.email] });
    expect(decision.grant).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    const payload = { action: body.action, resource: body.resource, environment: "production", parameters: body.parameters };
    expect(structured(await call(client, "verify_grant", { grant: decision.grant, requestId: created.id, ...payload }))).toMatchObject({ valid: true, requestId: created.id });

    const otherParameters = await call(client, "verify_grant", { grant: decision.grant, requestId: created.id, ...payload, parameters: { ...body.parameters, sql: "COPY customers TO STDOUT" } });
    expect(otherParameters.isError).toBe(true);
    expect(textOf(otherParameters)).toMatch(/^Grant refused, do not run the action: .*approves another payload/);

    const [header, claims, signature] = (decision.grant as string).split(".");
    const forgedClaims = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(claims!, "base64url").toString()), exp: 4_102_444_800 })).toString("base64url");
    const forged = await call(client, "verify_grant", { grant: `${header}.${forgedClaims}.${signature}`, requestId: created.id, ...payload });
    expect(forged.isError).toBe(true);
    expect(textOf(forged)).toMatch(/^Grant refused, do not run the action: .*does not verify: signature verification failed/);

    const anotherRequest = await call(client, "verify_grant", { grant: decision.grant, requestId: crypto.randomUUID(), ...payload });
    expect(anotherRequest.isError).toBe(true);

    expect(structured(await call(client, "report_execution", { id: created.id, grant: decision.grant, outcome: "succeeded", detail: "42 rows" }))).toMatchObject({ recorded: true });
    const [row] = await db.select().from(actionRequests).where(eq(actionRequests.id, created.id));
    expect(row!.status).toBe("executed");
    const reported = await db.select().from(events).where(and(eq(events.streamId, created.id), eq(events.type, "execution.reported")));
    expect(reported.map((event) => event.data)).toEqual([expect.objectContaining({ outcome: "succeeded", detail: "42 rows" })]);
  });

  it("a rejected request comes back rejected with the reviewer's reason and no grant", async () => {
    const client = await connect(agent.apiKey);
    const created = structured(await call(client, "request_approval", exportRequest("MCP export rejected")));
    await rejectActionRequest(newServiceContext(db, alice), created.id, "Not during the freeze");
    const decision = structured(await call(client, "get_decision", { id: created.id, waitSeconds: 5 }));
    expect(decision).toMatchObject({ status: "rejected", reason: "Not during the freeze" });
    expect(decision).not.toHaveProperty("grant");
  });

  it("a get_decision the client cancels stops long-polling Countersign at once", async () => {
    const client = await connect(agent.apiKey);
    const created = structured(await call(client, "request_approval", exportRequest("MCP wait cancelled")));
    const polls = new Set<object>();
    const track = (incoming: { url?: string }, outgoing: { once: (event: "close", listener: () => void) => void }) => {
      if (!incoming.url?.startsWith(`/api/v1/action-requests/${created.id}?wait=`)) return;
      polls.add(outgoing);
      outgoing.once("close", () => polls.delete(outgoing));
    };
    server.on("request", track);
    try {
      const cancel = new AbortController();
      const waiting = client.callTool({ name: "get_decision", arguments: { id: created.id, waitSeconds: 30 } }, undefined, { signal: cancel.signal }).catch((error: unknown) => error);
      await vi.waitFor(() => expect(polls.size).toBe(1), { timeout: 5_000 });
      cancel.abort();
      await waiting;
      await vi.waitFor(() => expect(polls.size).toBe(0), { timeout: 3_000 });
    } finally {
      server.off("request", track);
    }
  });

  it("a bad API key is a readable tool error that does not echo the key", async () => {
    const badKey = `cs_live_${"x".repeat(40)}`;
    const result = await call(await connect(badKey), "request_approval", exportRequest("MCP with a bad key"));
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^Countersign refused the call: 401 /);
    expect(JSON.stringify(result)).not.toContain(badKey);
    expect(JSON.stringify(result)).not.toMatch(/\bat .+:\d+:\d+/); // no stack trace
  });

  it("invalid input is refused by the tool's schema before any call", async () => {
    const client = await connect(agent.apiKey);
    const tooLong = await call(client, "get_decision", { id: crypto.randomUUID(), waitSeconds: 600 });
    expect(tooLong.isError).toBe(true);
    expect(textOf(tooLong)).toMatch(/waitSeconds/);
    const unknown = await call(client, "get_decision", { id: crypto.randomUUID() });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toMatch(/^Countersign refused the call: 404 /);
  });

  it("get_decision and report_execution work on a request another process made with the same key, and say the payload is for verify_grant to check", async () => {
    const body = exportRequest("MCP decision resumed elsewhere");
    const created = structured(await call(await connect(agent.apiKey), "request_approval", body));
    const elsewhere = await connect(agent.apiKey);
    expect(structured(await call(elsewhere, "get_decision", { id: created.id, waitSeconds: 1 }))).toMatchObject({ id: created.id, status: "pending", consoleUrl: created.consoleUrl });

    await approveActionRequest(newServiceContext(db, alice), created.id);
    const decision = structured(await call(elsewhere, "get_decision", { id: created.id, waitSeconds: 5 }));
    expect(decision).toMatchObject({ status: "approved", grantVerified: true, payloadVerified: false, note: expect.stringMatching(/verify_grant/) });
    const payload = { action: body.action, resource: body.resource, environment: "production", parameters: body.parameters };
    expect(structured(await call(elsewhere, "verify_grant", { grant: decision.grant, requestId: created.id, ...payload }))).toMatchObject({ valid: true });
    expect(structured(await call(elsewhere, "report_execution", { id: created.id, grant: decision.grant, outcome: "succeeded" }))).toMatchObject({ recorded: true });
    expect((await db.select().from(actionRequests).where(eq(actionRequests.id, created.id)))[0]!.status).toBe("executed");

    // Another agent's key cannot read it: the API answers 404, as for a request that does not exist.
    const stranger = await seedAgent(db);
    const foreign = await call(await connect(stranger.apiKey), "get_decision", { id: created.id, waitSeconds: 1 });
    expect(foreign.isError).toBe(true);
    expect(textOf(foreign)).toMatch(/^Countersign refused the call: 404 /);
  });
});
