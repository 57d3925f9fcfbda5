import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { E2E_DATA_DIR, E2E_URL } from "./environment";

/** The demo agent, talking to the API over HTTP exactly as a real agent would. */
export function demoAgentKey(): string {
  return readFileSync(path.join(E2E_DATA_DIR, "demo-agent.key"), "utf8").trim();
}

export type ApiResponse = { status: number; body: Record<string, any>; text: string };

/** A call as the demo agent, or as the agent whose `key` is given. */
async function call(method: string, url: string, body?: unknown, headers: Record<string, string> = {}, key = demoAgentKey()): Promise<ApiResponse> {
  const response = await fetch(`${E2E_URL}${url}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { "content-type": "application/json" } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {}, text };
}

export const requestPayload = (summary: string, extra: Record<string, unknown> = {}) => ({
  action: "db.export",
  resource: "postgres://prod-db/customers",
  environment: "production",
  summary,
  reasoning: "The analyst asked for a churn list; the export is read-only.",
  parameters: { sql: "COPY (SELECT id, plan FROM customers WHERE churned_at >= '2026-10-01') TO STDOUT" },
  context: { ticket: "OPS-1234" },
  change: { format: "sql", before: "SELECT id FROM customers;", after: "SELECT id, plan FROM customers WHERE churned_at >= '2026-10-01';" },
  ...extra,
});

export const postRequest = (payload: unknown, key?: string) => call("POST", "/api/v1/action-requests", payload, { "idempotency-key": randomUUID() }, key);
export const getRequest = (id: string, wait?: number, key?: string) => call("GET", `/api/v1/action-requests/${id}${wait === undefined ? "" : `?wait=${wait}`}`, undefined, {}, key);
export const reportExecution = (id: string, body: unknown) => call("POST", `/api/v1/action-requests/${id}/execution`, body);
