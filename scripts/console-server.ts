/**
 * The production console: Next.js's request handler behind Node's HTTP server, as `next start` runs
 * it, with one thing in front. Next.js builds a fetch `Request` for every request it handles, and
 * fetch refuses TRACE and TRACK outright, so those would be a 500 with a stack trace in the log on
 * every path, the API included; other methods outside HTTP's usual seven (PROPFIND, QUERY, PURGE…)
 * get an empty 400 from Next.js. All of them are answered here instead, before Next.js sees them.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import next from "next";

/** What Next.js route handlers can serve; app/api routes answer each of these themselves. */
const SERVED = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/**
 * 501: no resource here serves these methods, so there is no per-route Allow to name. Under /api/ in
 * the API's problem+json shape (lib/http/problem.ts, which is server-only code for Next's bundles).
 */
function refuseMethod(request: IncomingMessage, response: ServerResponse): void {
  const detail = `The ${request.method} method is not implemented.`;
  if (!/^\/(api(\/|\?|$)|\.well-known\/)/.test(request.url ?? "/")) {
    response.writeHead(501, { "content-type": "text/plain; charset=utf-8" }).end(detail);
    return;
  }
  const incoming = request.headers["x-request-id"];
  const requestId = typeof incoming === "string" && /^[A-Za-z0-9._-]{8,64}$/.test(incoming) ? incoming : randomUUID();
  const body = { type: "urn:countersign:problem:not-implemented", title: "Not implemented", status: 501, detail, requestId };
  response.writeHead(501, { "content-type": "application/problem+json", "x-request-id": requestId }).end(JSON.stringify(body));
}

async function main() {
  const port = Number(process.env.PORT ?? 3000);
  const app = next({ dev: false, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  createServer((request, response) => {
    if (!SERVED.has(request.method ?? "")) return refuseMethod(request, response);
    void handle(request, response);
  }).listen(port, () => console.log(`[countersign] console listening on port ${port}`));
}

void main();
