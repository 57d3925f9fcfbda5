import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { apiRouteFiles, sampleRoute } from "../test/route-table";
import { demoAgentKey } from "./support/agent";
import { E2E_LOG_FILE, E2E_PORT } from "./support/environment";

/**
 * What only the real HTTP server shows: every route of the route table (app/api/**, so a route added
 * later is walked too) under every method, malformed percent-encoding, TRACE, unknown API paths.
 * Raw node:http requests, so paths reach the server byte for byte and any method can be sent.
 */

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"];
const MALFORMED = ["%ff", "%c0%af", "%", "%zz", "%e2%82"];
/** Answers that are not errors and need no problem body: public reads, and Auth.js's own redirects and JSON. */
const PUBLIC_READS = /^\/(api\/health(\/live|\/ready)?|api\/v1\/openapi\.json|\.well-known\/jwks\.json|api\/auth\/.*)$/;
/** Reads any agent may make with its key: the transparency log's checkpoint and proofs. */
const AGENT_READS = /^\/api\/v1\/log\//;
/** Starting a device sign-in for the command line needs no session, like Auth.js's own sign-in: it only hands out a code a person must confirm at the IdP. */
const PUBLIC_SIGN_IN = /^\/api\/console\/cli-sessions\/device-authorizations$/;

type Raw = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

function send(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "localhost", port: E2E_PORT, method, path, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Bytes on a socket, for requests no HTTP client would send; the status line and the rest of the answer. */
function sendRaw(bytes: string): Promise<{ statusLine: string; head: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(E2E_PORT, "localhost", () => socket.end(bytes));
    let text = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (text += chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      const [head = "", body = ""] = text.split("\r\n\r\n");
      resolve({ statusLine: head.split("\r\n")[0] ?? "", head, body });
    });
  });
}

/** An error answer in the API's own shape: problem+json with every contract field (HEAD: the type only). */
function expectProblem(method: string, path: string, raw: Raw, status?: number) {
  const what = `${method} ${path} → ${raw.status}`;
  if (status !== undefined) expect(raw.status, what).toBe(status);
  expect(raw.status, what).toBeGreaterThanOrEqual(400);
  // 501 is TRACE's answer; a 500 is a bug.
  expect(raw.status === 501 || raw.status < 500, what).toBe(true);
  expect(raw.headers["content-type"], what).toBe("application/problem+json");
  if (method === "HEAD") return;
  const problem = JSON.parse(raw.body);
  expect(problem, what).toMatchObject({ type: expect.stringMatching(/^urn:countersign:problem:/), title: expect.any(String), status: raw.status, detail: expect.any(String), requestId: expect.any(String) });
}

test.describe("every API route under every method, over HTTP", () => {
  const routes = [...apiRouteFiles().map((file) => sampleRoute(file).path), "/api", "/api/v1", "/api/v2/nothing"];

  for (const authorization of ["none", "agent key"] as const) {
    test(`answers in problem+json whenever it refuses (${authorization})`, async () => {
      const headers: Record<string, string> = authorization === "none" ? {} : { authorization: `Bearer ${demoAgentKey()}` };
      for (const path of routes) {
        for (const method of METHODS) {
          const raw = await send(method, path, method === "POST" || method === "PUT" || method === "PATCH" ? { ...headers, "content-type": "application/json" } : headers, method === "POST" || method === "PUT" || method === "PATCH" ? "{}" : undefined);
          const what = `${method} ${path} → ${raw.status}`;
          if (raw.status >= 400) expectProblem(method, path, raw);
          else if (method === "OPTIONS") {
            expect(raw.status, what).toBe(204);
            expect(raw.headers.allow, what).toMatch(/OPTIONS/);
          } else {
            const allowed = PUBLIC_READS.test(path) || (method === "POST" && PUBLIC_SIGN_IN.test(path)) || (authorization === "agent key" && AGENT_READS.test(path));
            expect(allowed, `${what} is a success only on a public read, Auth.js, a device sign-in, or a log read with a key`).toBe(true);
          }
        }
      }
    });
  }

  test("refuses TRACE and other methods no route serves with a problem+json 501, and nothing reaches the log as a stack trace", async () => {
    for (const path of routes) {
      for (const method of ["TRACE", "PROPFIND", "QUERY", "PURGE"]) expectProblem(method, path, await send(method, path), 501);
    }
    expect(readFileSync(E2E_LOG_FILE, "utf8")).not.toMatch(/HTTP method is unsupported/);
  });

  test("answers a request Node's parser refuses (unknown method token, space or control character in the path) in problem+json", async () => {
    for (const requestLine of ["FOO /api/health HTTP/1.1", "GET /api/v1/action-requests/a b HTTP/1.1", "GET /api/v1/\u0001 HTTP/1.1", "GET /api/health HTTP/9.9"]) {
      const raw = await sendRaw(`${requestLine}\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
      expect(raw.statusLine, requestLine).toMatch(/^HTTP\/1\.1 4\d\d /);
      expect(raw.head.toLowerCase(), requestLine).toContain("content-type: application/problem+json");
      expect(JSON.parse(raw.body), requestLine).toMatchObject({ type: expect.stringMatching(/^urn:countersign:problem:/), status: expect.any(Number), detail: expect.any(String), requestId: expect.any(String) });
    }
  });

  test("answers malformed percent-encoding in a path with a problem+json 400, on every route", async () => {
    for (const file of apiRouteFiles()) {
      for (const bad of MALFORMED) {
        const path = sampleRoute(file).withSegment(bad);
        for (const method of ["GET", "POST", "DELETE"]) expectProblem(method, path, await send(method, path, { authorization: `Bearer ${demoAgentKey()}` }), 400);
      }
    }
  });

  test("refuses a body over 1 MiB with a 413, declared or streamed, through the proxy's copy of it", async () => {
    const headers = { authorization: `Bearer ${demoAgentKey()}`, "content-type": "application/json", "idempotency-key": `big-${Date.now()}` };
    const big = `{"action":"a","resource":"r","summary":"s","context":"${"x".repeat(3 * 1024 * 1024)}"}`;
    expectProblem("POST", "declared", await send("POST", "/api/v1/action-requests", { ...headers, "content-length": String(big.length) }, big), 413);
    const streamed = await new Promise<Raw>((resolve, reject) => {
      const req = httpRequest({ host: "localhost", port: E2E_PORT, method: "POST", path: "/api/v1/action-requests", headers }, (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
      });
      req.on("error", reject);
      for (let i = 0; i < 48; i++) req.write(big.slice(i * 65_536, (i + 1) * 65_536));
      req.end();
    });
    expectProblem("POST", "streamed", streamed, 413);
  });

  test("answers a body nested deeper than the limit with a 400 naming it", async () => {
    const depth = 1_600;
    const body = `{"action":"a","resource":"r","summary":"s","parameters":{"p":${"[".repeat(depth)}${"]".repeat(depth)}}}`;
    const raw = await send("POST", "/api/v1/action-requests", { authorization: `Bearer ${demoAgentKey()}`, "content-type": "application/json", "idempotency-key": `deep-${Date.now()}` }, body);
    expectProblem("POST", "/api/v1/action-requests", raw, 400);
    expect(JSON.parse(raw.body).detail).toContain("64 levels");
  });
});
