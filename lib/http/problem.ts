import { ZodError, type core } from "zod";
import { describeErrorSafely } from "@/lib/services/describe-error";
import { getMasker } from "@/lib/services/masker";
import { PayloadTooLargeError } from "./body-limit";
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

const PROBLEMS: Record<ServiceErrorCode | "INTERNAL" | "PAYLOAD_TOO_LARGE", { status: number; title: string }> = {
  VALIDATION: { status: 400, title: "Invalid request" },
  INVALID_GRANT: { status: 400, title: "Invalid grant" },
  UNAUTHENTICATED: { status: 401, title: "Authentication required" },
  FORBIDDEN: { status: 403, title: "Forbidden" },
  SEPARATION_OF_DUTIES: { status: 403, title: "Separation of duties" },
  NOT_FOUND: { status: 404, title: "Not found" },
  CONFLICT: { status: 409, title: "Conflict" },
  INVALID_STATE: { status: 409, title: "Request not in a state that allows this" },
  PAYLOAD_TOO_LARGE: { status: 413, title: "Payload too large" },
  INTERNAL: { status: 500, title: "Internal error" },
};

export const problemType = (code: string) => `urn:countersign:problem:${code.toLowerCase().replaceAll("_", "-")}`;

export function problemResponse(code: keyof typeof PROBLEMS, detail: string, requestId: string, errors?: FieldError[]): Response {
  const { status, title } = PROBLEMS[code];
  const body: Problem = { type: problemType(code), title, status, detail, requestId, ...(errors && { errors }) };
  return Response.json(body, {
    status,
    headers: {
      "content-type": "application/problem+json",
      "x-request-id": requestId,
      ...(status === 401 && { "www-authenticate": 'Bearer realm="countersign"' }),
    },
  });
}

const joinPath = (path: PropertyKey[]) => path.map(String).join(".") || "(body)";

/**
 * One field error per problem. Zod names unknown keys only in its message, and echoes them as sent; a
 * key can itself be a pasted secret, so each becomes its own field with the name masked like any text.
 */
export function zodFieldErrors(error: ZodError, maskName: (name: string) => string = (name) => getMasker().maskText(name).text): FieldError[] {
  return error.issues.flatMap((issue: core.$ZodIssue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({ path: joinPath([...issue.path, maskName(key)]), message: "Unknown field; remove it." }))
      : [{ path: joinPath(issue.path), message: issue.message }],
  );
}

/**
 * The one place errors become responses. Service refusals carry safe, specific messages; anything
 * else is a bug and becomes a generic 500 whose details go only to the server log, under the request id.
 */
export function errorToProblem(error: unknown, requestId: string): Response {
  if (error instanceof ServiceError) return problemResponse(error.code, error.message, requestId, error.fields);
  if (error instanceof PayloadTooLargeError) return problemResponse("PAYLOAD_TOO_LARGE", error.message, requestId);
  if (error instanceof ZodError) return problemResponse("VALIDATION", "The request is not valid.", requestId, zodFieldErrors(error));
  console.error(JSON.stringify({ level: "error", requestId, error: describeErrorSafely(error) }));
  return problemResponse("INTERNAL", "Something went wrong on our side. Quote the request id if you report it.", requestId);
}
