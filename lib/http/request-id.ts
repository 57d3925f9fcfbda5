import { randomUUID } from "node:crypto";

/** Honours a caller's X-Request-Id when it is a sane token (so traces join up), else makes one. */
export function requestIdFor(request: Request): string {
  return saneRequestId(request.headers.get("x-request-id")) ?? randomUUID();
}

/** The header's value when it is a sane token (what requestIdFor would honour), else undefined. */
export function saneRequestId(value: string | null | undefined): string | undefined {
  return value && /^[A-Za-z0-9._-]{8,64}$/.test(value) ? value : undefined;
}

export function withRequestId(response: Response, requestId: string): Response {
  response.headers.set("x-request-id", requestId);
  return response;
}
