#!/usr/bin/env node
import { createHash } from "node:crypto";
import { parseArgs } from "node:util";
import { Countersign } from "@countersign/sdk";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import picomatch from "picomatch";
import { createGatewayServer } from "./gateway.js";
import { MCP_PATH, serveMcpOverHttp, type McpServerLike } from "./http-endpoint.js";
import { RequestStateSigner } from "./request-state.js";
import { createCountersignMcpServer, MAX_WAIT_SECONDS } from "./server.js";

// Standard output is the MCP channel over stdio: anything said to a person goes to standard error.
const fail = (message: string): never => {
  console.error(`countersign-mcp: ${message}`);
  process.exit(2);
};

const USAGE = `usage: countersign-mcp [--http [--port N] [--host H]]
       countersign-mcp gateway [--http [--port N] [--host H]] -- COMMAND [ARGS…]`;

// What follows "--" is the wrapped server's command line, never read as our options.
const argv = process.argv.slice(2);
const split = argv.indexOf("--");
const upstreamCommand = split === -1 ? [] : argv.slice(split + 1);
let parsed;
try {
  parsed = parseArgs({
    args: split === -1 ? argv : argv.slice(0, split),
    allowPositionals: true,
    options: { http: { type: "boolean" }, port: { type: "string", default: "3333" }, host: { type: "string", default: "127.0.0.1" }, help: { type: "boolean" } },
  });
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`);
}
const { values, positionals } = parsed!;
if (values.help) {
  console.error(USAGE);
  process.exit(0);
}
const gateway = positionals[0] === "gateway";
if (positionals.length > (gateway ? 1 : 0)) fail(`unexpected ${positionals.join(" ")}\n${USAGE}`);
if (gateway && !upstreamCommand.length) fail(`gateway needs the wrapped server's command after --\n${USAGE}`);

const baseUrl = process.env.COUNTERSIGN_URL;
const apiKey = process.env.COUNTERSIGN_API_KEY;
if (!baseUrl || !apiKey) fail("countersign-mcp needs COUNTERSIGN_URL (the console's URL) and COUNTERSIGN_API_KEY (the agent's cs_live_ key) in its environment");
try {
  new URL(baseUrl!);
} catch {
  fail("COUNTERSIGN_URL is not a URL");
}

/** A new MCP server for each client (over HTTP, each session has its own). */
let newServer: () => McpServerLike = () => createCountersignMcpServer({ baseUrl: baseUrl!, apiKey: apiKey! });

if (gateway) {
  const [command, ...args] = upstreamCommand as [string, ...string[]];
  // The wrapped server gets our environment but none of Countersign's secrets: it is the party being held.
  const { COUNTERSIGN_API_KEY: _key, COUNTERSIGN_MCP_TOKEN: _token, COUNTERSIGN_GATEWAY_STATE_KEY: _stateKey, ...env } = process.env;
  const upstream = new Client({ name: "countersign-gateway", version: "0.1.0" });
  try {
    await upstream.connect(new StdioClientTransport({ command, args, env: env as Record<string, string>, stderr: "inherit" }));
  } catch (error) {
    fail(`could not start the wrapped server ${command}: ${(error as Error).message}`);
  }
  // Without the wrapped server there is nothing to offer: say so and stop, rather than fail each call.
  let ending = false;
  upstream.onclose = () => (ending ? process.exit(0) : fail("the wrapped server exited"));
  // Over stdio, the client closing our input is the end of the session: close the wrapped server with it.
  if (!values.http)
    process.stdin.once("end", () => {
      ending = true;
      void upstream.close();
    });
  const stateKey = process.env.COUNTERSIGN_GATEWAY_STATE_KEY;
  if (stateKey !== undefined && Buffer.byteLength(stateKey) < 32) fail("COUNTERSIGN_GATEWAY_STATE_KEY must be at least 32 bytes");
  const waitSeconds = Number(process.env.COUNTERSIGN_GATEWAY_WAIT_SECONDS ?? MAX_WAIT_SECONDS);
  if (!Number.isInteger(waitSeconds) || waitSeconds < 0 || waitSeconds > MAX_WAIT_SECONDS) fail(`COUNTERSIGN_GATEWAY_WAIT_SECONDS must be a whole number from 0 to ${MAX_WAIT_SECONDS}`);
  const serverName = process.env.COUNTERSIGN_GATEWAY_SERVER || upstream.getServerVersion()?.name || "upstream";
  const options = {
    countersign: new Countersign({ baseUrl: baseUrl!, apiKey: apiKey! }),
    upstream,
    serverName,
    // Every tool is held unless the configuration names some: a gateway that lets everything through by default protects nothing.
    held: picomatch((process.env.COUNTERSIGN_GATEWAY_MATCH || "*").split(",").map((glob) => glob.trim()).filter(Boolean)),
    resource: process.env.COUNTERSIGN_GATEWAY_RESOURCE || `mcp://${serverName}`,
    environment: process.env.COUNTERSIGN_GATEWAY_ENVIRONMENT || "production",
    waitSeconds,
    // The key's fingerprint, not the key: a request state names whose request it resumes.
    principal: `key:${createHash("sha256").update(apiKey!).digest("hex").slice(0, 32)}`,
    state: new RequestStateSigner(stateKey === undefined ? undefined : Buffer.from(stateKey)),
    apiKey: apiKey!,
  };
  newServer = () => createGatewayServer(options);
}

if (values.http) {
  const token = process.env.COUNTERSIGN_MCP_TOKEN;
  if (!token || token.length < 32) fail("--http needs COUNTERSIGN_MCP_TOKEN (at least 32 characters, e.g. openssl rand -hex 32): clients send it as a bearer token");
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) fail("--port must be a port number");
  const allowedHosts = process.env.COUNTERSIGN_MCP_ALLOWED_HOSTS?.split(",").map((host) => host.trim()).filter(Boolean);
  const http = await serveMcpOverHttp({ newServer, token: token!, host: values.host!, port, allowedHosts });
  const address = http.address();
  const bound = typeof address === "object" && address ? address.port : port;
  console.error(`countersign-mcp${gateway ? " gateway" : ""} listening on http://${values.host}:${bound}${MCP_PATH}`);
} else {
  await newServer().connect(new StdioServerTransport());
}
