import { CONTROLS, controlResult, type ControlResult } from "../evidence-pack/controls/control-catalog";
import { CHECKS, CHECK_IDS, type CheckId, type CheckTallies } from "../evidence-pack/controls/control-checks";

const DAY_MS = 86_400_000;

/**
 * The whole UTC days a period touches, [from, to): the control results are tallied per day, so the
 * overview states them over these days, exactly what a pack exported from the first midnight to the
 * last gives.
 */
export function controlDays(period: { from: Date; to: Date }): { from: Date; to: Date } {
  const from = Math.floor(period.from.getTime() / DAY_MS) * DAY_MS;
  const to = Math.ceil(period.to.getTime() / DAY_MS) * DAY_MS;
  return { from: new Date(from), to: new Date(Math.max(to, from + DAY_MS)) };
}

/** One exception as the overview lists it; `requestId` is set when the subject is a request (it links to its timeline). */
export type ControlResultException = { check: CheckId; subject: string; requestId: string | null; seq: number; occurredAt: string; actor: string; detail: string };

export type ControlResults = {
  /** The UTC days the results cover, [from, to). */
  days: { from: string; to: string };
  /** The last sealed event fed through the tests, and the log's last sealed event: the results are current to `seq`. */
  through: { seq: number; sealed: number };
  checks: { id: CheckId; title: string; population: number; exceptions: number }[];
  controls: { id: string; framework: string; title: string; evidences: string; result: ControlResult; checks: CheckId[]; notYetEvidenced: string | null }[];
  exceptionCount: number;
  /** Newest first, at most EXCEPTIONS_LISTED. */
  exceptions: ControlResultException[];
};

export const EXCEPTIONS_LISTED = 100;

/** Each control's result from the tests' tallies, by the same rule the pack's matrix applies. */
export function summariseControls(tallies: CheckTallies): Pick<ControlResults, "checks" | "controls"> {
  return {
    checks: CHECK_IDS.map((id) => ({ id, title: CHECKS[id].title, ...tallies[id] })),
    controls: CONTROLS.map((control) => ({
      id: control.id,
      framework: control.framework,
      title: control.title,
      evidences: control.evidences,
      result: controlResult(control, tallies),
      checks: [...control.checks],
      notYetEvidenced: control.notYetEvidenced ?? null,
    })),
  };
}

/** The policy test's subject is a policy version ("default v3"); every other test's is a request. */
export const exceptionRequestId = (check: CheckId, subject: string) => (check === "policy-second-administrator" ? null : subject);
