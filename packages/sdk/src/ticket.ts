import type { ActionRequestView, ExecutionReport, ReceiptBody, RequestStatus } from "./api-types.js";
import { ProblemError, VerificationError } from "./errors.js";
import { verifyGrant, type GrantClaims, type KeyCache } from "./grant-verifier.js";
import type { BoundPayload } from "./payload-digest.js";
import { verifyReceipt, type CheckpointKey, type VerifiedReceipt } from "./receipt.js";
import { callApi, sleep, type TransportOptions } from "./transport.js";

/** The API holds a read open at most this long; `wait` asks again until its own deadline. */
const MAX_WAIT_SECONDS = 60;

export type Decision = {
  /** `pending` only when `timeoutMs` passed first. */
  status: RequestStatus;
  /** The compact JWS, present only once approved and only after it verified locally against this payload. */
  grant?: string;
  /** The verified grant's claims (approvers, expiry, policy). */
  claims?: GrantClaims;
  /** Why it was rejected (the reviewer's or the policy's reason), when one was given. */
  reason?: string;
  /** The request as the API last answered it. */
  request: ActionRequestView;
  /**
   * Whether the grant's digest was recomputed from the payload itself (true), or, for a ticket resumed
   * by id without its payload, only compared with the digest the server holds for the request (false):
   * then check the payload you are about to run with `cs.verifyGrant` first.
   */
  payloadVerified?: boolean;
};

export type WaitOptions = { timeoutMs?: number; signal?: AbortSignal };
export type ReceiptOptions = { timeoutMs?: number; signal?: AbortSignal };

export type TicketContext = { transport: TransportOptions; keys: KeyCache; checkpointKey: CheckpointKey | undefined };

/** One action request, as the agent holds it: its id, and the exact payload the approval must be bound to. */
export class Ticket<P extends Readonly<BoundPayload> | undefined = Readonly<BoundPayload>> {
  readonly id: string;
  readonly payloadDigest: string;
  /** Where a reviewer decides it. */
  readonly consoleUrl: string;

  constructor(
    private readonly context: TicketContext,
    /** The request as the API answered its creation. */
    readonly created: ActionRequestView,
    /**
     * The payload as sent, frozen: the only one a grant for this ticket can approve. Undefined for a
     * ticket resumed by id without it (`cs.get(id)`): the API answers a request's parameters masked.
     */
    readonly payload: P,
  ) {
    this.id = created.id;
    this.payloadDigest = created.payloadDigest;
    this.consoleUrl = created.links.console;
  }

  /**
   * Waits for a decision, long-polling the API (at most 60 s a call, asked again until `timeoutMs`;
   * without it, until the request is decided or expires). An approval's grant is verified locally
   * before it is returned: a grant that fails throws VerificationError or ExpiredError.
   */
  async wait({ timeoutMs = Number.POSITIVE_INFINITY, signal }: WaitOptions = {}): Promise<Decision> {
    const deadline = Date.now() + timeoutMs;
    let view = this.created;
    for (;;) {
      if (view.status !== "pending") return this.#decision(view);
      const remaining = deadline - Date.now();
      if (remaining <= 0) return { status: "pending", request: view };
      const seconds = Math.min(MAX_WAIT_SECONDS, Math.ceil(remaining / 1000));
      ({ body: view } = await callApi<ActionRequestView>(this.context.transport, `/api/v1/action-requests/${this.id}?wait=${seconds}`, { signal }));
    }
  }

  async #decision(view: ActionRequestView): Promise<Decision> {
    if (view.status === "approved") {
      if (!view.grant) throw new VerificationError(`request ${this.id} is approved but the API sent no grant`);
      const claims = await verifyGrant(this.context.keys, view.grant, this.id, this.payload ?? view.payloadDigest);
      return { status: "approved", grant: view.grant, claims, request: view, payloadVerified: this.payload !== undefined };
    }
    const rejection = view.decisions.findLast((decision) => decision.outcome === "reject");
    return { status: view.status, ...(rejection?.reason ? { reason: rejection.reason } : {}), request: view };
  }

  /**
   * Tells the server how the approved action went; allowed once, with this request's grant. A retry
   * whose first try was recorded but whose answer was lost meets a 409: the report stands if the
   * request already holds this outcome.
   */
  async report(outcome: ExecutionReport["outcome"], detail: string | undefined, grant: string): Promise<void> {
    const body: ExecutionReport = { outcome, grant, ...(detail === undefined ? {} : { detail }) };
    try {
      await callApi(this.context.transport, `/api/v1/action-requests/${this.id}/execution`, { method: "POST", body });
    } catch (error) {
      if (!(error instanceof ProblemError && error.status === 409)) throw error;
      const view = await callApi<ActionRequestView>(this.context.transport, `/api/v1/action-requests/${this.id}`).then(({ body: read }) => read, () => undefined);
      if (view?.execution?.outcome !== outcome) throw error;
    }
  }

  /** Withdraws the request while it is pending. */
  async cancel(): Promise<void> {
    await callApi(this.context.transport, `/api/v1/action-requests/${this.id}/cancel`, { method: "POST" });
  }

  /**
   * The request's receipt from the transparency log, verified offline: the checkpoint's signature by
   * the log's key (the client's `checkpointKey`, or else the checkpoint keys of the server's JWKS),
   * and each event's leaf and its inclusion proof against the checkpoint's root. The log seals and publishes every few seconds: until then the API answers 409
   * with Retry-After, which this honours until `timeoutMs` (default 30 s).
   */
  async receipt({ timeoutMs = 30_000, signal }: ReceiptOptions = {}): Promise<VerifiedReceipt> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const { body } = await callApi<ReceiptBody>(this.context.transport, `/api/v1/action-requests/${this.id}/receipt`, { signal });
        return await this.#verifyReceipt(body);
      } catch (error) {
        const pause = error instanceof ProblemError && error.status === 409 ? (error.retryAfterSeconds ?? 1) * 1000 : undefined;
        if (pause === undefined || Date.now() + pause > deadline) throw error;
        await sleep(pause, signal);
      }
    }
  }

  /** A configured key is the only one trusted; keys from the JWKS are refetched once if none signed it (rotation). */
  async #verifyReceipt(body: ReceiptBody): Promise<VerifiedReceipt> {
    const { checkpointKey, keys } = this.context;
    if (checkpointKey) return verifyReceipt(body, this.id, [checkpointKey]);
    try {
      return await verifyReceipt(body, this.id, await keys.checkpointKeys());
    } catch (error) {
      if (!(error instanceof VerificationError)) throw error;
      return verifyReceipt(body, this.id, await keys.checkpointKeys(true));
    }
  }
}
