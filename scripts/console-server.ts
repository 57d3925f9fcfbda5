/**
 * The production console: Next.js's request handler behind Node's HTTP server, as `next start` runs
 * it, with two things in front, so that every answer under /api/ is the API's problem+json.
 * - Methods: Next.js builds a fetch `Request` for every request it handles, and fetch refuses TRACE
 *   and TRACK outright (a 500 with a stack trace in the log, on every path); other methods outside
 *   HTTP's usual seven (PROPFIND, QUERY, PURGE…) get an empty 400 from Next.js. All are a 501 here.
 * - Requests Node's parser refuses before anyone sees them (an unknown method token, a space or a
 *   control character in the path, a malformed header): a problem+json 400 instead of a bare one.
 */
import { randomUUID } from "node:crypto";
import { createServer, STATUS_CODES, type IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import next from "next";

/** What Next.js route handlers can serve; app/api routes answer each of these themselves. */
const SERVED = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const API_PATH = /^\/(api(\/|\?|$)|\.well-known\/)/;
/** How long requests in flight may take to finish once the console is told to stop. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * The API's problem+json shape (lib/http/problem.ts builds it inside Next.js; that module is
 * server-only code for Next's bundles, so this process writes the same fields itself).
 */
function problem(status: number, detail: string, requestId: string): { headers: Record<string, string>; body: string } {
  const title = STATUS_CODES[status] ?? "Error";
  const type = `urn:countersign:problem:${title.toLowerCase().replaceAll(" ", "-")}`;
  return {
    headers: { "content-type": "application/problem+json", "x-request-id": requestId },
    body: JSON.stringify({ type, title, status, detail, requestId }),
  };
}

function requestIdOf(request: IncomingMessage): string {
  const incoming = request.headers["x-request-id"];
  return typeof incoming === "string" && /^[A-Za-z0-9._-]{8,64}$/.test(incoming) ? incoming : randomUUID();
}

/** Node's default answer to a request it cannot parse is a bodiless 400; this one says so in problem+json. */
function refuseUnparsable(error: NodeJS.ErrnoException & { code?: string }, socket: Duplex): void {
  if (!socket.writable || error.code === "ECONNRESET") {
    socket.destroy();
    return;
  }
  const status = error.code === "HPE_HEADER_OVERFLOW" ? 431 : error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : 400;
  const { headers, body } = problem(status, "The request could not be parsed as HTTP.", randomUUID());
  const head = Object.entries({ ...headers, "content-length": String(Buffer.byteLength(body)), connection: "close" })
    .map(([name, value]) => `${name}: ${value}`)
    .join("\r\n");
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${head}\r\n\r\n${body}`);
}

async function main() {
  const port = Number(process.env.PORT ?? 3000);
  const app = next({ dev: false, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  let draining = false;
  const server = createServer((request, response) => {
    // While draining, every answer closes its connection, so a keep-alive client comes back on a
    // fresh one (to this replica's successor or another) instead of holding this one open.
    if (draining) response.setHeader("connection", "close");
    if (SERVED.has(request.method ?? "")) return void handle(request, response);
    const detail = `The ${request.method} method is not implemented.`;
    if (!API_PATH.test(request.url ?? "/")) return void response.writeHead(501, { "content-type": "text/plain; charset=utf-8" }).end(detail);
    // 501: no resource here serves these methods, so there is no per-route Allow to name.
    const { headers, body } = problem(501, detail, requestIdOf(request));
    response.writeHead(501, headers).end(body);
  });
  server.on("clientError", refuseUnparsable);
  server.listen(port, () => console.log(`[countersign] console listening on port ${port}`));
  // A rolling restart: stop taking connections, let requests in flight finish (their transactions
  // commit and their answers reach the agent), then leave. A long-poll still parked after the grace
  // period is cut; the agent asks again, on this replica's successor or another.
  const drain = () => {
    draining = true;
    server.close(() => process.exit(0));
    // Keep-alive connections between requests count as open: close each as soon as it is idle.
    setInterval(() => server.closeIdleConnections(), 50).unref();
    setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS).unref();
  };
  process.once("SIGTERM", drain);
  process.once("SIGINT", drain);
}

void main();
