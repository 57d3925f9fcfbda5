import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { request as httpRequest, type Server } from "node:http";
import os from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ElicitRequestSchema, type CallToolResult, type ElicitRequestURLParams } from "@modelcontextprotocol/sdk/types.js";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "../../db/client";
import { actionRequests } from "../../db/schema";
import { approveActionRequest } from "../../lib/services/approve-action-request";
import { newServiceContext } from "../../lib/services/service-context";
import { serveAgentApi } from "./agent-api-fetch";
import { alice, seedAgent, type SeededAgent } from "./fixtures";
import { freePort } from "./global-setup";
import { stopServer } from "./route-server";
import { useTestDatabase } from "./test-database";

/**
 * countersign-mcp over Streamable HTTP: the built binary started with --http, reached by the official
 * MCP client's StreamableHTTPClientTransport, asking the real agent API on the real database.
 */
vi.stubEnv("AGENT_RATE_LIMIT", "0");
vi.stubEnv("AGENT_MAX_PENDING", "0");
afterAll(() => vi.unstubAllEnvs());

const root = path.resolve(import.meta.dirname, "../..");
const binary = path.join(root, "packages/mcp/dist/bin.js");
const token = "t".repeat(24) + crypto.randomUUID();

let db: Database;
let agent: SeededAgent;
let api: Server;
let apiUrl: string;
const processes: ChildProcess[] = [];
const clients: Client[] = [];

/** Only what the process needs: PATH and Countersign's settings (the test's own environment holds database URLs). */
const childEnv = (env: Record<string, string>) => ({ PATH: process.env.PATH ?? "", COUNTERSIGN_URL: apiUrl, COUNTERSIGN_API_KEY: agent.apiKey, ...env }) as Record<string, string> as NodeJS.ProcessEnv;

/** Starts `countersign-mcp [gateway] --http` on a free port; resolves with its endpoint once it listens. */
async function start(args: string[], env: Record<string, string> = {}): Promise<{ url: URL; port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, [binary, ...args.slice(0, 1), "--http", "--port", String(port), ...args.slice(1)], {
    cwd: root,
    env: childEnv({ COUNTERSIGN_MCP_TOKEN: token, ...env }),
    stdio: ["ignore", "ignore", "pipe"],
  });
  processes.push(child);
  let said = "";
  await vi.waitFor(
    () => {
      said += child.stderr!.read()?.toString() ?? "";
      expect(said).toContain("listening on");
    },
    { timeout: 15_000, interval: 50 },
  );
  return { url: new URL(`http://127.0.0.1:${port}/mcp`), port };
}

async function connect(url: URL, client = new Client({ name: "mcp-http-test", version: "1.0.0" })): Promise<Client> {
  await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  clients.push(client);
  return client;
}

/** One raw POST, to see what the endpoint answers a caller the official client would never be. */
function post(port: number, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: "127.0.0.1", port, path: "/mcp", method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers } }, (incoming) => {
      let body = "";
      incoming.on("data", (chunk) => (body += chunk));
      incoming.on("end", () => resolve({ status: incoming.statusCode!, headers: incoming.headers, body }));
    });
    outgoing.on("error", reject);
    outgoing.end(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } } }));
  });
}

beforeAll(async () => {
  db = await useTestDatabase();
  agent = await seedAgent(db);
  ({ server: api, url: apiUrl } = await serveAgentApi());
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  for (const child of processes) child.kill();
  await stopServer(api);
});

const structured = (result: CallToolResult) => {
  expect(result.isError).toBeFalsy();
  return result.structuredContent as Record<string, any>;
};

describe("countersign-mcp --http (Streamable HTTP)", () => {
  it("serves the tools to the official HTTP client carrying the endpoint's bearer token: request, approval, verified decision", async () => {
    const client = await connect((await start([])).url);
    expect((await client.listTools()).tools.map((tool) => tool.name).sort()).toEqual(["get_decision", "report_execution", "request_approval", "verify_grant"]);
    const created = structured(
      (await client.callTool({ name: "request_approval", arguments: { action: "db.export", resource: "postgres://prod-db/customers", summary: "MCP over HTTP", parameters: { sql: "COPY customers TO STDOUT" } } })) as CallToolResult,
    );
    await approveActionRequest(newServiceContext(db, alice), created.id);
    expect(structured((await client.callTool({ name: "get_decision", arguments: { id: created.id, waitSeconds: 5 } })) as CallToolResult)).toMatchObject({ status: "approved", grantVerified: true, payloadVerified: true });
  });

  it("refuses a caller without the token, with another token, or through a Host name it does not serve, and never shows the API key", async () => {
    const { url, port } = await start([]);
    const missing = await post(port, { host: `127.0.0.1:${port}` });
    expect(missing.status).toBe(401);
    expect(missing.headers["www-authenticate"]).toMatch(/^Bearer /);
    const wrong = await post(port, { host: `127.0.0.1:${port}`, authorization: `Bearer ${"x".repeat(token.length)}` });
    expect(wrong.status).toBe(401);
    const rebound = await post(port, { host: `evil.example:${port}`, authorization: `Bearer ${token}` });
    expect(rebound.status).toBe(403);
    expect((await post(port, { host: `localhost:${port}`, authorization: `Bearer ${token}` })).status).toBe(200);
    for (const answer of [missing, wrong, rebound]) expect(answer.body).not.toContain(agent.apiKey);

    const client = new Client({ name: "no-token", version: "1.0.0" });
    await expect(client.connect(new StreamableHTTPClientTransport(url))).rejects.toThrow();
  });

  it("will not serve HTTP without a token of at least 32 characters", async () => {
    const child = spawn(process.execPath, [binary, "--http", "--port", String(await freePort())], {
      env: childEnv({ COUNTERSIGN_MCP_TOKEN: "short" }),
      stdio: ["ignore", "ignore", "pipe"],
    });
    let said = "";
    child.stderr!.on("data", (chunk: Buffer) => (said += chunk.toString()));
    const [code] = await once(child, "exit");
    expect(code).toBe(2);
    expect(said).toMatch(/COUNTERSIGN_MCP_TOKEN/);
    expect(said).not.toContain(agent.apiKey);
  });

  it("serves the gateway over HTTP too: the URL elicitation reaches the client on the call's own stream, and the approved call runs once", async () => {
    const record = path.join(mkdtempSync(path.join(os.tmpdir(), "countersign-gateway-http-")), "calls.jsonl");
    writeFileSync(record, "");
    const { url } = await start(["gateway", "--", process.execPath, "--import", "tsx", path.join(import.meta.dirname, "mcp-upstream/recording-server.ts")], {
      COUNTERSIGN_GATEWAY_MATCH: "write_file",
      COUNTERSIGN_GATEWAY_WAIT_SECONDS: "5",
      UPSTREAM_RECORD: record,
    });
    const client = new Client({ name: "mcp-http-gateway-test", version: "1.0.0" }, { capabilities: { elicitation: { url: {} } } });
    const ids: string[] = [];
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      const { elicitationId } = request.params as ElicitRequestURLParams;
      ids.push(elicitationId);
      await approveActionRequest(newServiceContext(db, alice), elicitationId);
      return { action: "accept" };
    });
    await connect(url, client);
    const ran = (await client.callTool({ name: "write_file", arguments: { path: "/tmp/x", content: "y" } })) as CallToolResult;
    expect(ran.isError).toBeFalsy();
    expect(readFileSync(record, "utf8").trim().split("\n").map((line) => JSON.parse(line))).toEqual([{ tool: "write_file", args: { path: "/tmp/x", content: "y" }, sawApiKey: false }]);
    expect((await db.select().from(actionRequests).where(eq(actionRequests.id, ids[0]!)))[0]!.status).toBe("executed");
  });
});
