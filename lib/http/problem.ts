import { ZodError, type core } from "zod";
import { log } from "@/lib/logging/logger";
import { PayloadTooLargeError } from "./body-limit";
import { fieldPath, type MaskName } from "@/lib/services/field-path";
import { ServiceError, type ServiceErrorCode } from "@/lib/services/errors";

export type FieldError = { path: string; message: string };

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  requestId: string;
  errors?: FieldError[];
};

const PROBLEMS: Record<ServiceErrorCode | "INTERNAL" | "PAYLOAD_TOO_LARGE" | "METHOD_NOT_ALLOWED" | "NOT_READY", { status: number; title: string }> = {
  VALIDATION: { status: 400, title: "Invalid request" },
  INVALID_GRANT: { status: 400, title: "Invalid grant" },
  UNAUTHENTICATED: { status: 401, title: "Authentication required" },
  FORBIDDEN: { status: 403, title: "Forbidden" },
  SEPARATION_OF_DUTIES: { status: 403, title: "Separation of duties" },
  STEP_UP_REQUIRED: { status: 403, title: "Recent sign-in required" },
  NOT_FOUND: { status: 404, title: "Not found" },
  CONFLICT: { status: 409, title: "Conflict" },
  INVALID_STATE: { status: 409, title: "Request not in a state that allows this" },
  AGENT_REVOKED: { status: 409, title: "Agent revoked" },
  FROZEN: { status: 409, title: "Approvals are frozen" },
  METHOD_NOT_ALLOWED: { status: 405, title: "Method not allowed" },
  PAYLOAD_TOO_LARGE: { status: 413, title: "Payload too large" },
  RATE_LIMITED: { status: 429, title: "Too many requests" },
  TOO_MANY_PENDING: { status: 429, title: "Too many pending requests" },
  INTERNAL: { status: 500, title: "Internal error" },
  UNAVAILABLE: { status: 503, title: "Temporarily unavailable" },
  NOT_READY: { status: 503, title: "Not ready" },
  SEALING_STALLED: { status: 503, title: "Sealing has stalled" },
};

export const problemType = (code: string) => `urn:countersign:problem:${code.toLowerCase().replaceAll("_", "-")}`;

export function problemResponse(code: keyof typeof PROBLEMS, detail: string, requestId: string, errors?: FieldError[], retryAfterSeconds?: number): Response {
  const { status, title } = PROBLEMS[code];
  const body: Problem = { type: problemType(code), title, status, detail, requestId, ...(errors && { errors }) };
  return Response.json(body, {
    status,
    headers: {
      "content-type": "application/problem+json",
      "x-request-id": requestId,
      ...(status === 401 && { "www-authenticate": 'Bearer realm="countersign"' }),
      ...(retryAfterSeconds !== undefined && { "retry-after": String(retryAfterSeconds) }),
    },
  });
}

/**
 * One field error per problem, its path masked (`fieldPath`). Zod names unknown keys only in its
 * message, echoed as sent, so each becomes a field of its own instead.
 */
export function zodFieldErrors(error: ZodError, maskName?: MaskName): FieldError[] {
  return error.issues.flatMap((issue: core.$ZodIssue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({ path: fieldPath([...issue.path, key], maskName), message: "Unknown field; remove it." }))
      : [{ path: fieldPath(issue.path, maskName), message: issue.message }],
  );
}

/**
 * The one place errors become responses. Service refusals carry safe, specific messages; anything
 * else is a bug and becomes a generic 500 whose details go only to the server log (sanitised, like
 * every line), under the request id.
 */
export function errorToProblem(error: unknown, requestId: string): Response {
  if (error instanceof ServiceError) return problemResponse(error.code, error.message, requestId, error.fields, error.options.retryAfterSeconds);
  if (error instanceof PayloadTooLargeError) return problemResponse("PAYLOAD_TOO_LARGE", error.message, requestId);
  if (error instanceof ZodError) return problemResponse("VALIDATION", "The request is not valid.", requestId, zodFieldErrors(error));
  log.error("Unexpected error", { requestId, error });
  return problemResponse("INTERNAL", "Something went wrong on our side. Quote the request id if you report it.", requestId);
}
