import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { trace } from "@opentelemetry/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { register } from "../../instrumentation";
import { postActionRequest } from "./api-client";
import { sampleRequest, seedAgent, type SeededAgent } from "./fixtures";
import { useTestDatabase } from "./test-database";

/** OTLP/JSON as the exporter sends it: only the parts the assertions read. */
type AnyValue = { stringValue?: string; intValue?: number | string };
type Attribute = { key: string; value: AnyValue };
type Span = { traceId: string; spanId: string; parentSpanId?: string; name: string; attributes?: Attribute[] };
type ExportRequest = { resourceSpans: { resource?: { attributes?: Attribute[] }; scopeSpans: { spans: Span[] }[] }[] };

const SECRET = "hunter2hunter2hunter2";
const REQUEST_ID = `trace-test-${Date.now()}`;

let receiver: Server;
const OTEL_SETTINGS = ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_SERVICE_NAME", "OTEL_BSP_SCHEDULE_DELAY", "NEXT_RUNTIME"];
const saved = Object.fromEntries(OTEL_SETTINGS.map((name) => [name, process.env[name]]));
const bodies: string[] = [];
let agent: SeededAgent;

beforeAll(async () => {
  // A real OTLP/HTTP receiver: it takes whatever the SDK's exporter posts to /v1/traces.
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.method === "POST" && request.url === "/v1/traces") bodies.push(Buffer.concat(chunks).toString("utf8"));
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  Object.assign(process.env, {
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`,
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
    OTEL_SERVICE_NAME: "countersign-int",
    OTEL_BSP_SCHEDULE_DELAY: "50",
    NEXT_RUNTIME: "nodejs",
  });
  // What Next.js does at start, then the database the console would open afterwards.
  await register();
  agent = await seedAgent(await useTestDatabase());
});

afterAll(async () => {
  trace.disable();
  // Later test files may share this process: leave its environment as it was.
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await new Promise((resolve) => receiver.close(resolve));
});

const attribute = (span: Span, key: string) => {
  const value = span.attributes?.find((a) => a.key === key)?.value;
  return value?.stringValue ?? (value?.intValue === undefined ? undefined : Number(value.intValue));
};

async function receivedSpans(until: (spans: Span[]) => boolean): Promise<{ spans: Span[]; requests: ExportRequest[] }> {
  for (let waited = 0; waited < 10_000; waited += 50) {
    const requests = bodies.map((body) => JSON.parse(body) as ExportRequest);
    const spans = requests.flatMap((r) => r.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)));
    if (until(spans)) return { spans, requests };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no matching span arrived; received ${bodies.length} export request(s)`);
}

describe("OpenTelemetry traces over OTLP/HTTP", () => {
  it("exports the API call's span with its request id, and its database queries beneath it", async () => {
    const response = await postActionRequest(
      { ...sampleRequest, context: { env: `DB_PASSWORD=${SECRET}` } },
      { key: agent.apiKey, headers: { "x-request-id": REQUEST_ID } },
    );
    expect(response.status).toBe(201);

    const isHandler = (span: Span) => attribute(span, "countersign.request_id") === REQUEST_ID;
    const { spans, requests } = await receivedSpans((all) => {
      const handler = all.find(isHandler);
      return Boolean(handler) && all.some((s) => s.traceId === handler?.traceId && attribute(s, "db.system.name") === "postgresql");
    });
    const handler = spans.find(isHandler)!;
    expect(handler.name).toBe("POST /api/v1/action-requests");
    expect(attribute(handler, "http.route")).toBe("/api/v1/action-requests");
    expect(attribute(handler, "http.response.status_code")).toBe(201);

    // Every query span of that request descends from the handler's span.
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const queries = spans.filter((s) => s.traceId === handler.traceId && attribute(s, "db.system.name") === "postgresql");
    expect(queries.map((q) => q.name)).toEqual(expect.arrayContaining(["INSERT"]));
    for (const query of queries) {
      let parent = query.parentSpanId ? byId.get(query.parentSpanId) : undefined;
      while (parent && parent !== handler) parent = parent.parentSpanId ? byId.get(parent.parentSpanId) : undefined;
      expect(parent).toBe(handler);
    }

    const service = requests[0]?.resourceSpans[0]?.resource?.attributes?.find((a) => a.key === "service.name");
    expect(service?.value.stringValue).toBe("countersign-int");
    // Query spans carry parameterised SQL only: no bound value (the summary is one, stored in clear)
    // is exported, let alone the secret or the agent's key.
    for (const body of bodies) {
      expect(body).not.toContain(sampleRequest.summary);
      expect(body).not.toContain(SECRET);
      expect(body).not.toContain(agent.apiKey);
    }
  });

  it("exports a URL's query parameter names but never their values (an OIDC callback's code)", async () => {
    const code = `code-${Date.now()}-SplxlOBeZQQYbYS6WxSbIA`;
    // Next.js opens each request's span with the raw URL in http.target, as this does.
    trace.getTracer("next.js").startSpan("GET /api/auth/callback/oidc", { attributes: { "http.target": `/api/auth/callback/oidc?code=${code}&state=xyz` } }).end();
    const { spans } = await receivedSpans((all) => all.some((s) => s.name === "GET /api/auth/callback/oidc"));
    const callback = spans.find((s) => s.name === "GET /api/auth/callback/oidc")!;
    expect(attribute(callback, "http.target")).toBe("/api/auth/callback/oidc?code=…&state=…");
    for (const body of bodies) expect(body).not.toContain(code);
  });
});
