import type { HashableEvent } from "../../event-chain";

/**
 * The tests Countersign re-performs over 100% of a pack's events. Each names its population (which
 * events it looks at) and what makes one of them an exception. The same functions run at export and
 * in `verify`, so the auditor does not have to trust the console's summary.
 */
export const CHECKS = {
  "grant-before-execution": { title: "Every execution follows a grant issued for that request", population: "executions" },
  "independent-approval": { title: "No approval by the agent's owner or by the person the request was made for", population: "approvals" },
  "grant-within-expiry": { title: "Every execution is reported before its grant expires", population: "executions" },
  "approved-digest-executed": { title: "The grant and the execution carry the digest of the payload as requested", population: "executions" },
  "break-glass-follow-up": { title: "Every break-glass approval has its follow-up review closed by the end of the period", population: "break-glass approvals" },
  "policy-second-administrator": { title: "Every policy version took effect with an administrator other than its proposer approving", population: "policy versions" },
  "self-approval-refused": { title: "Attempts to decide one's own request (refused by separation of duties)", population: "refused decisions" },
} as const;

export type CheckId = keyof typeof CHECKS;
export const CHECK_IDS = Object.keys(CHECKS) as CheckId[];

/** One exception: which test, which request (or policy) it concerns, the event that shows it, and why. */
export type ControlException = { check: CheckId; subject: string; seq: number; occurredAt: string; actor: string; detail: string };

/** Per test: how many items of its population the pack holds, and how many of them are exceptions. */
export type CheckTally = { population: number; exceptions: number };
export type CheckTallies = Record<CheckId, CheckTally>;

/** The agents a pack knows (its agents population): each one's owner, for the independence test. */
export type AgentOwners = ReadonlyMap<string, string>;

/** What the tests keep per request while events stream past: small and bounded by the requests in flight. */
export type RequestFacts = {
  agentId: string;
  onBehalfOf: string | null;
  payloadDigest: string;
  grant?: { grantId: string; payloadDigest: string; expiresAt: string };
  breakGlass?: { seq: number; occurredAt: string; actor: string; required: number; confirmations: number };
};

/** Events some test counts in its population, when the request they belong to is in the pack. */
const TESTED_TYPES = new Set(["decision.approved", "decision.break_glass", "decision.refused", "execution.reported"]);

const data = (event: HashableEvent) => (event.data ?? {}) as Record<string, unknown>;
const actorId = (event: HashableEvent) => String((event.actor as { id?: unknown } | null)?.id ?? "");
const sameEmail = (a: string | null | undefined, b: string | null | undefined) => !!a && !!b && a.toLowerCase() === b.toLowerCase();

/**
 * Feeds a pack's events, in seq order, through every test. `feed` returns the exceptions an event
 * shows as soon as it shows them; `finish` returns those only the end of the period shows (an open
 * break-glass follow-up) and the tallies. Requests created before the pack's first event are outside
 * its populations: their later events are counted in `outOfPeriod`, not tested on half the facts.
 *
 * `requests` is the state the run keeps: a pack starts empty; the console's materialiser
 * (lib/services/materialise-control-results.ts) hands in the facts it persisted for the requests a
 * batch touches and stores back what the run left there, so the log is fed through once, incrementally.
 */
export function createControlRun(owners: AgentOwners, requests = new Map<string, RequestFacts>()) {
  const tallies = Object.fromEntries(CHECK_IDS.map((id) => [id, { population: 0, exceptions: 0 }])) as CheckTallies;
  let outOfPeriod = 0;

  function exception(check: CheckId, event: HashableEvent, subject: string, detail: string, seq: number): ControlException {
    tallies[check].exceptions += 1;
    return { check, subject, seq, occurredAt: event.occurredAt, actor: actorId(event), detail };
  }

  function feed(seq: number, event: HashableEvent): ControlException[] {
    const found: ControlException[] = [];
    const d = data(event);
    if (event.type === "policy.changed") return policyVersion(seq, event, d);
    if (event.streamType !== "request") return found;
    const id = event.streamId;
    if (event.type === "request.created") {
      requests.set(id, { agentId: String(d.agentId), onBehalfOf: (d.onBehalfOf as string | null) ?? null, payloadDigest: String(d.payloadDigest) });
      return found;
    }
    const facts = requests.get(id);
    if (!facts) {
      if (TESTED_TYPES.has(event.type)) outOfPeriod += 1;
      return found;
    }
    switch (event.type) {
      case "decision.approved":
      case "decision.break_glass": {
        tallies["independent-approval"].population += 1;
        const who = actorId(event);
        const owner = owners.get(facts.agentId);
        if (sameEmail(who, owner)) found.push(exception("independent-approval", event, id, `approved by ${who}, the owner of the agent that made the request`, seq));
        else if (sameEmail(who, facts.onBehalfOf)) found.push(exception("independent-approval", event, id, `approved by ${who}, on whose behalf the request was made`, seq));
        if (event.type === "decision.break_glass") {
          tallies["break-glass-follow-up"].population += 1;
          facts.breakGlass = { seq, occurredAt: event.occurredAt, actor: who, required: Number.POSITIVE_INFINITY, confirmations: 0 };
        }
        return found;
      }
      case "break_glass.confirmed":
        if (facts.breakGlass) Object.assign(facts.breakGlass, { confirmations: Number(d.confirmations), required: Number(d.requiredConfirmations) });
        return found;
      case "grant.issued":
        facts.grant = { grantId: String(d.grantId), payloadDigest: String(d.payloadDigest), expiresAt: String(d.expiresAt) };
        return found;
      case "decision.refused":
        if (d.code !== "SEPARATION_OF_DUTIES") return found;
        tallies["self-approval-refused"].population += 1;
        found.push(exception("self-approval-refused", event, id, `${actorId(event)} tried to ${String(d.outcome)} and was refused: ${String(d.reason)}`, seq));
        return found;
      case "execution.reported": {
        for (const check of ["grant-before-execution", "grant-within-expiry", "approved-digest-executed"] as const) tallies[check].population += 1;
        const grant = facts.grant;
        if (!grant) {
          found.push(exception("grant-before-execution", event, id, "execution reported with no grant issued for the request before it", seq));
          if (!facts.breakGlass) requests.delete(id);
          return found;
        }
        if (Date.parse(event.occurredAt) > Date.parse(grant.expiresAt)) {
          found.push(exception("grant-within-expiry", event, id, `execution reported at ${event.occurredAt}, after the grant expired at ${grant.expiresAt}`, seq));
        }
        if (grant.payloadDigest !== facts.payloadDigest || d.grantId !== grant.grantId) {
          found.push(exception("approved-digest-executed", event, id, `executed under grant ${String(d.grantId)} for ${grant.payloadDigest}; the request's payload digest is ${facts.payloadDigest}`, seq));
        }
        if (!facts.breakGlass) requests.delete(id);
        return found;
      }
      case "request.rejected":
      case "request.cancelled":
      case "request.expired":
        // Nothing later can make an exception of a closed request, but an open break-glass follow-up.
        if (!facts.breakGlass) requests.delete(id);
        return found;
      default:
        return found;
    }
  }

  /** A policy version: the bootstrap version (written by the system at first start) has no proposer to be independent of. */
  function policyVersion(seq: number, event: HashableEvent, d: Record<string, unknown>): ControlException[] {
    const bootstrap = (event.actor as { kind?: unknown } | null)?.kind === "system" && d.changeRequestId === undefined;
    if (bootstrap) return [];
    tallies["policy-second-administrator"].population += 1;
    const proposer = typeof d.proposedBy === "string" ? d.proposedBy : null;
    const approvers = Array.isArray(d.approvers) ? d.approvers.map(String) : [];
    if (approvers.some((approver) => !sameEmail(approver, proposer))) return [];
    const subject = `${event.streamId} v${String(d.version)}`;
    return [exception("policy-second-administrator", event, subject, `policy version applied with approvers [${approvers.join(", ")}] proposed by ${proposer ?? "nobody recorded"}`, seq)];
  }

  function finish(lastEventAt: string | null): { exceptions: ControlException[]; tallies: CheckTallies; outOfPeriod: number } {
    const open: ControlException[] = [];
    for (const [id, facts] of requests) {
      const glass = facts.breakGlass;
      if (glass && !followUpClosed(glass)) {
        tallies["break-glass-follow-up"].exceptions += 1;
        open.push(openFollowUpException(id, glass, lastEventAt ?? "the end of the period"));
      }
    }
    return { exceptions: open, tallies, outOfPeriod };
  }

  /** `tallies` is live: what the events fed so far add up to (a materialiser reads each event's share). */
  return { feed, finish, tallies };
}

/** Whether a break-glass approval's follow-up review has its confirmations. */
export const followUpClosed = (glass: NonNullable<RequestFacts["breakGlass"]>) => glass.confirmations >= glass.required;

/** A break-glass approval whose follow-up review was still open when the period ended, at `end`. */
export function openFollowUpException(subject: string, glass: NonNullable<RequestFacts["breakGlass"]>, end: string): ControlException {
  return {
    check: "break-glass-follow-up",
    subject,
    seq: glass.seq,
    occurredAt: glass.occurredAt,
    actor: glass.actor,
    detail: `break-glass approval by ${glass.actor} still without its follow-up review closed at ${end} (${glass.confirmations} confirmation(s))`,
  };
}
