import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import type { AddressInfo } from "node:net";
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from "node:http";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";

/** An MCP server, high-level (McpServer) or low-level (Server): both connect to one transport and close. */
export type McpServerLike = { connect(transport: Transport): Promise<void>; close(): Promise<void> };

export type HttpEndpointOptions = {
  /** A fresh MCP server per session: one MCP server speaks to one client. */
  newServer: () => McpServerLike;
  /** The bearer token every HTTP call must carry (COUNTERSIGN_MCP_TOKEN). */
  token: string;
  host: string;
  port: number;
  /** Host header values accepted (DNS-rebinding protection); by default the loopback names with the port. */
  allowedHosts?: string[];
};

/** The endpoint's path, as MCP clients are usually configured (`http://127.0.0.1:PORT/mcp`). */
export const MCP_PATH = "/mcp";
/** Open sessions at most; a client that never says goodbye cannot grow the process without bound. */
const MAX_SESSIONS = 100;
/** A session nobody used for this long is closed. */
const IDLE_MS = 30 * 60_000;

const digest = (text: string) => createHash("sha256").update(text).digest();

function refuse(response: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message }, id: null }));
}

/**
 * countersign-mcp over Streamable HTTP. Anyone who reaches the port could otherwise spend the agent's
 * Countersign key, so every call needs the endpoint's own bearer token, compared in constant time
 * (over the SHA-256 of each, so the lengths match too); the Countersign key never leaves the process.
 * The SDK's DNS-rebinding protection refuses a Host header not in `allowedHosts`, so a web page the
 * user opens cannot reach a loopback endpoint through a name it controls. Sessions are stateful (the
 * gateway's elicitations need a channel back to the client).
 */
export async function serveMcpOverHttp({ newServer, token, host, port, allowedHosts }: HttpEndpointOptions): Promise<HttpServer> {
  const expected = digest(`Bearer ${token}`);
  const sessions = new Map<string, { transport: StreamableHTTPServerTransport; server: McpServerLike; lastUsed: number }>();
  // The port bound, for the default allowed hosts (`port` may be 0: any free one).
  const boundPort = () => (http.address() as AddressInfo).port;

  const authorised = (request: IncomingMessage) => timingSafeEqual(digest(request.headers.authorization ?? ""), expected);

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    if (new URL(request.url ?? "/", "http://localhost").pathname !== MCP_PATH) return refuse(response, 404, "Not found");
    if (!authorised(request)) return refuse(response, 401, "Unauthorized: this endpoint needs its bearer token", { "www-authenticate": 'Bearer realm="countersign-mcp"' });
    const sessionId = request.headers["mcp-session-id"];
    if (typeof sessionId === "string") {
      const session = sessions.get(sessionId);
      if (!session) return refuse(response, 404, "Session not found");
      session.lastUsed = Date.now();
      return session.transport.handleRequest(request, response);
    }
    if (sessions.size >= MAX_SESSIONS) return refuse(response, 503, "Too many open sessions");
    const server = newServer();
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      enableDnsRebindingProtection: true,
      allowedHosts: allowedHosts ?? ["127.0.0.1", "localhost", "[::1]"].map((name) => `${name}:${boundPort()}`),
      onsessioninitialized: (id) => void sessions.set(id, { transport, server, lastUsed: Date.now() }),
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(request, response);
    // Anything but an initialize opens no session: its transport and server are done.
    if (!transport.sessionId) await server.close();
  };

  const idle = setInterval(() => {
    for (const { server, lastUsed } of sessions.values()) if (Date.now() - lastUsed > IDLE_MS) void server.close();
  }, 60_000);
  idle.unref();

  const http = createServer((request, response) => {
    handle(request, response).catch(() => {
      // Whatever failed is not described to the caller: it may hold anything.
      if (!response.headersSent) refuse(response, 500, "Internal error");
      else response.end();
    });
  });
  http.on("close", () => {
    clearInterval(idle);
    for (const { server } of sessions.values()) void server.close();
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(port, host, resolve);
  });
  return http;
}
