import type { ControlResults } from "./control-results";

/** The period an overview covers: requests created at or after `from` and before `to`. */
export type AuditPeriod = { from: Date; to: Date };

/** Long enough for a year's audit; short enough that the day series stays a chart, not a table. */
export const AUDIT_PERIOD_MAX_DAYS = 400;

type StatusCounts = { pending: number; approved: number; rejected: number; expired: number; cancelled: number; executed: number; failed: number };

export type AuditOverview = {
  period: { from: string; to: string };
  totals: StatusCounts;
  /** Days (UTC, `YYYY-MM-DD`) on which requests arrived, oldest first; days without any are left out. */
  days: { key: string; counts: StatusCounts; total: number }[];
  /** By the policy rule that matched (`default` when none did), most requests first. */
  byRule: { key: string; counts: StatusCounts; total: number }[];
  byEnvironment: { key: string; counts: StatusCounts; total: number }[];
  /** From arrival to the decision, for requests people decided (not the policy, not expiry). */
  decisionTime: { decided: number; p50Seconds: number | null; p90Seconds: number | null; buckets: { label: string; count: number }[] };
  breakGlass: { approvals: number; openFollowUps: number };
  /** Decision attempts the server refused (self-approval, a second vote, frozen...), by refusal code. */
  refusedAttempts: { code: string; count: number }[];
  executions: { succeeded: number; failed: number };
  /** The mapped controls' results and exceptions over the whole UTC days the period touches. */
  controls: ControlResults;
};

/** The histogram of decision times; the last bucket is open-ended. */
export const DECISION_TIME_BUCKETS: { label: string; upToSeconds: number | null }[] = [
  { label: "under 1 min", upToSeconds: 60 },
  { label: "1–5 min", upToSeconds: 300 },
  { label: "5–15 min", upToSeconds: 900 },
  { label: "15–60 min", upToSeconds: 3600 },
  { label: "1–4 h", upToSeconds: 14_400 },
  { label: "over 4 h", upToSeconds: null },
];

/** The period a preset names, ending now: "7d", "30d", "90d". */
export const AUDIT_PERIOD_PRESETS = { "7d": 7, "30d": 30, "90d": 90 } as const;
export type AuditPeriodPreset = keyof typeof AUDIT_PERIOD_PRESETS;

export function presetPeriod(preset: AuditPeriodPreset, now: Date): AuditPeriod {
  return { from: new Date(now.getTime() - AUDIT_PERIOD_PRESETS[preset] * 86_400_000), to: now };
}
