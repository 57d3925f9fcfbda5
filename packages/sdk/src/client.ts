import type { JSONWebKeySet } from "jose";
import type { ActionRequestBody, ActionRequestView } from "./api-types.js";
import { CountersignError, DeniedError, ExpiredError, VerificationError, WaitTimeoutError } from "./errors.js";
import { KeyCache, verifyGrant, type GrantClaims } from "./grant-verifier.js";
import { payloadDigest, type BoundPayload } from "./payload-digest.js";
import type { CheckpointKey } from "./receipt.js";
import { Ticket, type WaitOptions } from "./ticket.js";
import { callApi, type RetryOptions, type TransportOptions } from "./transport.js";

export type CountersignOptions = {
  /** The console's URL, e.g. http://localhost:3000. */
  baseUrl: string;
  /** The agent's API key (cs_live_…). Sent only as a bearer token; never put in an error. */
  apiKey: string;
  /** Another fetch (a proxy's, a test's); the global one by default. */
  fetch?: typeof fetch;
  retry?: RetryOptions;
  /** The transparency log's checkpoint key, to check receipts' checkpoint signatures too. */
  checkpointKey?: CheckpointKey;
};

/** How long `guard` and `wrapTool` wait for a decision, how to stop waiting, and whom to tell where the request is. */
export type GuardOptions = WaitOptions & {
  /** Called once the request exists, before waiting: e.g. to show its console link to whoever must approve it. */
  onTicket?: (ticket: Ticket) => void | Promise<void>;
};

/** A tool's request, without its parameters (they are the tool's input); or made from the input. */
export type ToolSpec<P> = Omit<ActionRequestBody, "parameters"> | ((parameters: P) => Omit<ActionRequestBody, "parameters">);

/** An execution report's detail has room for this much of a thrown error's message. */
const MAX_DETAIL = 2_000;

const deepFreeze = <T>(value: T): T => {
  if (value && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
};

function describeFailure(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : `thrown: ${String(error)}`;
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL - 1)}…` : text;
}

/** The agent's side of Countersign: ask, wait, verify, run, report. */
export class Countersign {
  readonly #transport: TransportOptions;
  readonly #keys: KeyCache;
  readonly #checkpointKey: CheckpointKey | undefined;

  constructor({ baseUrl, apiKey, fetch: fetchImpl, retry, checkpointKey }: CountersignOptions) {
    if (!baseUrl || !apiKey) throw new TypeError("Countersign needs a baseUrl and an apiKey");
    this.#transport = {
      baseUrl,
      apiKey,
      fetch: fetchImpl ?? ((input, init) => globalThis.fetch(input, init)),
      retry: { attempts: 5, baseDelayMs: 250, maxDelayMs: 10_000, ...retry },
    };
    this.#keys = new KeyCache(async () => (await callApi<JSONWebKeySet>(this.#transport, "/.well-known/jwks.json", { authenticated: false })).body);
    this.#checkpointKey = checkpointKey;
  }

  /**
   * Submits an action request. One Idempotency-Key is made per call and reused by every retry, so a
   * retry after a lost answer or a 5xx returns the original request and never creates a second one.
   */
  async request(body: ActionRequestBody, { idempotencyKey = crypto.randomUUID(), signal }: { idempotencyKey?: string; signal?: AbortSignal } = {}): Promise<Ticket> {
    // The payload as it goes on the wire is the one approved: what JSON drops or changes (undefined, Dates, NaN) is gone from it here too.
    const sent = JSON.parse(JSON.stringify({ ...body, environment: body.environment ?? "production", parameters: body.parameters ?? {} })) as ActionRequestBody & BoundPayload;
    const { body: created } = await callApi<ActionRequestView>(this.#transport, "/api/v1/action-requests", {
      method: "POST",
      body: sent,
      headers: { "idempotency-key": idempotencyKey },
      signal,
    });
    const { action, resource, environment, parameters } = sent;
    return new Ticket({ transport: this.#transport, keys: this.#keys, checkpointKey: this.#checkpointKey }, created, deepFreeze({ action, resource, environment, parameters }));
  }

  /** A ticket for a request made earlier (by this agent), with the payload it was made with. */
  ticket(created: ActionRequestView, payload: BoundPayload): Ticket {
    const { action, resource, environment, parameters } = JSON.parse(JSON.stringify(payload)) as BoundPayload;
    return new Ticket({ transport: this.#transport, keys: this.#keys, checkpointKey: this.#checkpointKey }, created, deepFreeze({ action, resource, environment, parameters }));
  }

  /**
   * Resumes a request by its id (one this agent's key made, in this process or another), as the API
   * answers it now. Given the `payload` it was made with, the ticket is as good as `request`'s: the
   * server's digest must be that payload's (else VerificationError), and a grant is checked against
   * it. Without it, `wait` checks a grant's signature, request, expiry and that its digest is the one
   * the server holds, and says `payloadVerified: false`: verify the payload you run with `verifyGrant`.
   */
  async get(id: string, options: { payload: BoundPayload; signal?: AbortSignal }): Promise<Ticket>;
  async get(id: string, options?: { payload?: undefined; signal?: AbortSignal }): Promise<Ticket<undefined>>;
  async get(id: string, { payload, signal }: { payload?: BoundPayload; signal?: AbortSignal } = {}): Promise<Ticket<Readonly<BoundPayload> | undefined>> {
    const { body: view } = await callApi<ActionRequestView>(this.#transport, `/api/v1/action-requests/${encodeURIComponent(id)}`, { signal });
    if (!payload) return new Ticket({ transport: this.#transport, keys: this.#keys, checkpointKey: this.#checkpointKey }, view, undefined);
    const ticket = this.ticket(view, payload);
    if ((await payloadDigest(ticket.payload)) !== view.payloadDigest) throw new VerificationError(`request ${id} was made for another payload (${view.payloadDigest})`);
    return ticket;
  }

  /** Verifies a grant locally (signature, type, audience, `sub`, expiry, and the digest of `payload`); throws if any fails. */
  verifyGrant(grant: string, requestId: string, payload: BoundPayload): Promise<GrantClaims> {
    return verifyGrant(this.#keys, grant, requestId, payload);
  }

  /**
   * Requests approval, waits, and runs `run` only with an approved, locally verified grant, passing it
   * the exact parameters the grant approves (frozen). Reports the execution, `succeeded` or `failed`
   * with the error as its detail, whatever `run` does, then returns its result or rethrows its error.
   * Throws DeniedError (rejected or cancelled), ExpiredError, WaitTimeoutError or VerificationError
   * without running anything. An `idempotencyKey` makes a second guard of the same action (the same key
   * and body) find the first one's request, and its decision, instead of asking again.
   */
  async guard<R>(body: ActionRequestBody, run: (parameters: Readonly<Record<string, unknown>>) => Promise<R> | R, options: GuardOptions & { idempotencyKey?: string } = {}): Promise<R> {
    const ticket = await this.request(body, { signal: options.signal, idempotencyKey: options.idempotencyKey });
    await options.onTicket?.(ticket);
    const decision = await ticket.wait(options);
    switch (decision.status) {
      case "approved":
        break;
      case "rejected":
      case "cancelled":
        throw new DeniedError(ticket.id, decision.status, decision.reason);
      case "expired":
        throw new ExpiredError(ticket.id);
      case "pending":
        throw new WaitTimeoutError(ticket.id);
      default:
        throw new CountersignError(`request ${ticket.id} is already ${decision.status}`);
    }
    const grant = decision.grant as string;
    let result: R;
    try {
      result = await run(ticket.payload.parameters as Readonly<Record<string, unknown>>);
    } catch (error) {
      // The report must not hide the action's own failure: a failed report is attached, not thrown.
      await ticket.report("failed", describeFailure(error), grant).catch((reportError: unknown) => {
        if (error instanceof Error && error.cause === undefined) error.cause = reportError;
      });
      throw error;
    }
    await ticket.report("succeeded", undefined, grant);
    return result;
  }

  /** Any tool function, guarded: each call is requested with its input as parameters, and runs only once approved. */
  wrapTool<P extends Record<string, unknown>, R>(execute: (parameters: P) => Promise<R> | R, spec: ToolSpec<P>, options: GuardOptions = {}): (parameters: P) => Promise<R> {
    return (parameters) => {
      const described = typeof spec === "function" ? spec(parameters) : spec;
      return this.guard({ ...described, parameters: parameters as ActionRequestBody["parameters"] }, (approved) => execute(approved as P), options);
    };
  }
}
