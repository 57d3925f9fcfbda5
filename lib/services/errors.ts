import "server-only";
export type ServiceErrorCode =
  | "NOT_FOUND"
  | "CONFLICT"
  | "INVALID_STATE"
  | "SEPARATION_OF_DUTIES"
  | "STEP_UP_REQUIRED"
  | "FROZEN"
  | "SEALING_STALLED"
  | "FORBIDDEN"
  | "UNAUTHENTICATED"
  | "INVALID_GRANT"
  | "VALIDATION"
  | "UNAVAILABLE"
  | "AGENT_REVOKED"
  | "RATE_LIMITED"
  | "TOO_MANY_PENDING";

/**
 * A refusal a caller can act on. The message is shown to people and agents as is, so it must never
 * contain a secret, a stack trace or SQL; anything else thrown from a verb is treated as a bug.
 */
export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    readonly fields?: { path: string; message: string }[],
    /** For a refusal that clears by itself: when trying again makes sense (sent as Retry-After). */
    readonly options: { retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = "ServiceError";
  }
}

/** A refusal that clears by itself: the caller may try again after `retryAfterSeconds` (HTTP Retry-After). */
export class RetryLaterError extends ServiceError {
  constructor(
    code: "RATE_LIMITED" | "TOO_MANY_PENDING",
    message: string,
    retryAfterSeconds: number,
  ) {
    super(code, message, undefined, { retryAfterSeconds });
    this.name = "RetryLaterError";
  }
}
