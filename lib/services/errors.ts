import "server-only";
export type ServiceErrorCode =
  | "NOT_FOUND"
  | "CONFLICT"
  | "INVALID_STATE"
  | "SEPARATION_OF_DUTIES"
  | "FORBIDDEN"
  | "UNAUTHENTICATED"
  | "INVALID_GRANT"
  | "VALIDATION"
  | "AGENT_REVOKED";

/**
 * A refusal a caller can act on. The message is shown to people and agents as is, so it must never
 * contain a secret, a stack trace or SQL; anything else thrown from a verb is treated as a bug.
 */
export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    readonly fields?: { path: string; message: string }[],
  ) {
    super(message);
    this.name = "ServiceError";
  }
}
