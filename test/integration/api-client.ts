import { randomUUID } from "node:crypto";
import { POST as createRoute } from "../../app/api/v1/action-requests/route";
import { GET as getRoute } from "../../app/api/v1/action-requests/[requestId]/route";
import { POST as cancelRoute } from "../../app/api/v1/action-requests/[requestId]/cancel/route";
import { POST as executionRoute } from "../../app/api/v1/action-requests/[requestId]/execution/route";
import { TEST_APP_URL } from "./test-database";

/** Calls the real route handlers with real Requests, the way Next.js does, minus the HTTP socket. */
type Options = { key?: string | null; headers?: Record<string, string> };

const headers = ({ key, headers: extra }: Options, json = true) => ({
  ...(key ? { authorization: `Bearer ${key}` } : {}),
  ...(json ? { "content-type": "application/json" } : {}),
  ...extra,
});
const params = (requestId: string) => ({ params: Promise.resolve({ requestId }) });
const noParams = { params: Promise.resolve({}) };

export function postActionRequest(body: unknown, options: Options & { idempotencyKey?: string | null } = {}) {
  const idempotencyKey = options.idempotencyKey === undefined ? randomUUID() : options.idempotencyKey;
  return createRoute(
    new Request(`${TEST_APP_URL}/api/v1/action-requests`, {
      method: "POST",
      headers: { ...headers(options), ...(idempotencyKey ? { "idempotency-key": idempotencyKey } : {}) },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
    noParams,
  );
}

export function getActionRequest(id: string, options: Options & { wait?: string } = {}) {
  const query = options.wait === undefined ? "" : `?wait=${options.wait}`;
  return getRoute(new Request(`${TEST_APP_URL}/api/v1/action-requests/${id}${query}`, { headers: headers(options, false) }), params(id));
}

export function cancelActionRequest(id: string, options: Options = {}) {
  return cancelRoute(new Request(`${TEST_APP_URL}/api/v1/action-requests/${id}/cancel`, { method: "POST", headers: headers(options, false) }), params(id));
}

export function reportExecution(id: string, body: unknown, options: Options = {}) {
  return executionRoute(
    new Request(`${TEST_APP_URL}/api/v1/action-requests/${id}/execution`, { method: "POST", headers: headers(options), body: JSON.stringify(body) }),
    params(id),
  );
}
