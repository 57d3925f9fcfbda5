/** RFC 9457 problem details, as every Countersign API error is answered. */
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  requestId?: string;
  errors?: { path: string; message: string }[];
  [extension: string]: unknown;
};

/** The root of every error the SDK throws on purpose, so one `instanceof` catches them all. */
export class CountersignError extends Error {
  override name = "CountersignError";
}

/** The API refused a call: `problem` is its problem+json body as answered (never holding the API key). */
export class ProblemError extends CountersignError {
  override name = "ProblemError";
  readonly status: number;
  /** Whole seconds the server asked to wait before trying again (its Retry-After), if it said. */
  readonly retryAfterSeconds: number | undefined;
  constructor(
    readonly problem: Problem,
    retryAfterSeconds?: number,
  ) {
    super(`${problem.status} ${problem.title}${problem.detail ? `: ${problem.detail}` : ""}`);
    this.status = problem.status;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** A reviewer or the policy rejected the request, or it was cancelled: the action must not run. */
export class DeniedError extends CountersignError {
  override name = "DeniedError";
  constructor(
    readonly requestId: string,
    readonly status: string,
    readonly reason: string | undefined,
  ) {
    super(`request ${requestId} was ${status}${reason ? `: ${reason}` : ""}`);
  }
}

/** The request expired undecided, or its grant expired before the action could start. */
export class ExpiredError extends CountersignError {
  override name = "ExpiredError";
  constructor(
    readonly requestId: string,
    message = `request ${requestId} expired before it could run`,
  ) {
    super(message);
  }
}

/** No decision within the time the caller allowed; the request is still pending on the server. */
export class WaitTimeoutError extends CountersignError {
  override name = "WaitTimeoutError";
  constructor(readonly requestId: string) {
    super(`request ${requestId} is still pending`);
  }
}

/**
 * A grant (or a receipt) failed local verification: bad signature, unknown key, another request's
 * grant, or a payload other than the approved one. Whatever the server said, nothing may run.
 */
export class VerificationError extends CountersignError {
  override name = "VerificationError";
}
