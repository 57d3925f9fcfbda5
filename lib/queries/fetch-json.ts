/** A field the server rejected, as problem+json lists it. */
export type FieldError = { path: string; message: string };

/**
 * A refusal or failure from the console API, carrying the problem+json details. `message` is already
 * readable by a person: the server's `detail`, then one line per rejected field.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly fieldErrors: FieldError[];
  readonly requestId: string | null;
  readonly type: string | null;

  constructor(init: { status: number; title: string; detail: string; fieldErrors?: FieldError[]; requestId?: string | null; type?: string | null }) {
    const fieldErrors = init.fieldErrors ?? [];
    const lines = [init.detail, ...fieldErrors.map((f) => (f.path && f.path !== "(body)" ? `${f.path}: ${f.message}` : f.message))];
    super(lines.filter(Boolean).join("\n"));
    this.name = "ApiError";
    this.status = init.status;
    this.title = init.title;
    this.detail = init.detail;
    this.fieldErrors = fieldErrors;
    this.requestId = init.requestId ?? null;
    this.type = init.type ?? null;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** True when the server said the thing does not exist (or is not the caller's to know about). */
export function isNotFound(error: unknown): boolean {
  return isApiError(error) && error.status === 404;
}

/** True when a decision was refused only because the person's sign-in is older than the policy allows. */
export function isStepUpRequired(error: unknown): boolean {
  return isApiError(error) && error.type === "urn:countersign:problem:step-up-required";
}

const FALLBACK_DETAIL: Record<number, string> = {
  401: "Your session has ended. Sign in again to continue.",
  403: "You don't have permission to do that.",
  404: "Not found.",
  409: "Someone else changed this first. Reload to see the latest state.",
  429: "Too many requests. Wait a moment and try again.",
  500: "Something went wrong on the server. Try again in a moment.",
  502: "The server could not be reached. Try again in a moment.",
  503: "The service is unavailable right now. Try again in a moment.",
};

function asFieldErrors(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((e): e is { path?: unknown; message: string } => typeof e === "object" && e !== null && typeof (e as { message?: unknown }).message === "string")
    .map((e) => ({ path: typeof e.path === "string" ? e.path : "", message: e.message }));
}

/** Builds the error for a non-2xx response, from its problem+json body when there is one. */
export async function problemFromResponse(response: Response): Promise<ApiError> {
  let body: unknown = null;
  const type = response.headers.get("content-type") ?? "";
  if (type.includes("json")) body = await response.json().catch(() => null);
  const problem = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const detail =
    typeof problem.detail === "string" && problem.detail
      ? problem.detail
      : (FALLBACK_DETAIL[response.status] ?? `The server answered ${response.status} ${response.statusText}`.trim() + ".");
  return new ApiError({
    status: response.status,
    title: typeof problem.title === "string" ? problem.title : response.statusText || "Request failed",
    detail,
    fieldErrors: asFieldErrors(problem.errors),
    requestId: typeof problem.requestId === "string" ? problem.requestId : response.headers.get("x-request-id"),
    type: typeof problem.type === "string" ? problem.type : null,
  });
}

/**
 * `fetch` for the console API: same-origin credentials, no caching, and any non-2xx answer thrown as an
 * `ApiError` whose message a person can read. Network failures become an `ApiError` with status 0.
 */
export async function fetchConsole(url: string, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: "same-origin", cache: "no-store", ...init });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError({ status: 0, title: "Network error", detail: "Could not reach the server. Check your connection and try again." });
  }
  if (!response.ok) throw await problemFromResponse(response);
  return response;
}

/** `fetchConsole` with JSON in and out. */
export async function fetchJson<T>(url: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, headers, ...rest } = init;
  const response = await fetchConsole(url, {
    ...rest,
    headers: { accept: "application/json, application/problem+json", ...(json !== undefined && { "content-type": "application/json" }), ...headers },
    ...(json !== undefined && { body: JSON.stringify(json) }),
  });
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
