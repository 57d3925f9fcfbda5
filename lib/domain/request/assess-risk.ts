import { isPlainObject } from "../diff/pretty-json";
import { MAX_JSON_DEPTH } from "../json-depth";
import type { RiskSignal } from "../policy/risk-signal-names";

export const RISK_LEVELS = ["none", "low", "medium", "high"] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export type RiskKind = "production" | "destructive" | "privilege-widening" | "secrets" | "large-export";

/** One reason a request is risky, in words a reviewer reads on the badge. */
export type RiskFactor = { kind: RiskKind; level: Exclude<RiskLevel, "none">; reason: string };

/** The request's risk: its highest factor's level, and every factor. */
export type RiskAssessment = { level: RiskLevel; factors: RiskFactor[] };

/** A request's level as a number the queue sorts and filters on (none 0 … high 3). */
export const riskRank = (level: RiskLevel) => RISK_LEVELS.indexOf(level);

/** Rows (or bytes) an export may ask for before it counts as a large data export. */
export const LARGE_EXPORT_ROWS = 10_000;
export const LARGE_EXPORT_BYTES = 100 * 1024 * 1024;

/** What the assessment reads: the stored (masked) request and the signals the policy engine derived at submission. */
export type RiskSubject = { action: string; environment: string; parameters: unknown };
export type RiskEvaluation = { signals: readonly RiskSignal[] };

const DESTRUCTIVE_ACTION = /(^|[._:/-])(delete|drop|destroy|replace|purge|truncate)/i;
const PRIVILEGE_ACTION = /^iam[._:]|(^|[._:/-])(grant|role|roles|admin|sudo|permission|permissions|policy-attach|attach-policy)([._:/-]|$)/i;
const EXPORT_ACTION = /(^|[._:/-])(export|dump|download|extract|backup)([._:/-]|$)/i;
const ROW_KEY = /^(rows?|row_?count|rowcount|limit|max_?rows|count|records?)$/i;
const BYTE_KEY = /^(bytes|size|size_?bytes|max_?bytes|content_?length)$/i;

/**
 * Risk at a glance, derived from the request and how the policy engine saw it (its signals are part of
 * the evaluation recorded in `policy.evaluated`, so a replay of the log gives the same answer). Pure:
 * the projector calls it for the read model, which the queue filters and sorts on.
 */
export function assessRisk(request: RiskSubject, evaluation: RiskEvaluation): RiskAssessment {
  const signals = new Set(evaluation.signals);
  const production = signals.has("production");
  const where = production ? " in production" : "";
  const factors: RiskFactor[] = [];
  const environment = request.environment.trim();
  if (production) factors.push({ kind: "production", level: "low", reason: /^production$/i.test(environment) ? "Runs in production" : `Runs in production (${environment})` });

  const destructive = [
    signals.has("terraform-destroys") && "the Terraform plan deletes or replaces resources",
    signals.has("sql-destructive") && "its SQL drops, truncates or deletes whole tables",
    DESTRUCTIVE_ACTION.test(request.action) && `the action ${request.action.trim()} deletes or replaces`,
  ].filter((r): r is string => !!r);
  if (destructive.length) factors.push({ kind: "destructive", level: production ? "high" : "medium", reason: `Destructive${where}: ${destructive.join("; ")}` });

  if (signals.has("iam-wildcard")) {
    factors.push({ kind: "privilege-widening", level: "high", reason: `Widens privileges${where}: an IAM policy allows every action or every resource (*)` });
  } else if (PRIVILEGE_ACTION.test(request.action)) {
    factors.push({ kind: "privilege-widening", level: production ? "high" : "medium", reason: `Changes privileges${where}: ${request.action.trim()} is an identity or access action` });
  }

  if (signals.has("secrets-masked")) factors.push({ kind: "secrets", level: "medium", reason: "Secrets in context: masking found and hid credentials" });

  const size = EXPORT_ACTION.test(request.action) ? exportSize(request.parameters) : null;
  if (size) factors.push({ kind: "large-export", level: "high", reason: `Large data export: ${size}` });

  const level = factors.reduce<RiskLevel>((max, f) => (riskRank(f.level) > riskRank(max) ? f.level : max), "none");
  return { level, factors };
}

/** The first row or byte count in the parameters above the threshold, described; null when none is. */
function exportSize(parameters: unknown): string | null {
  let found: string | null = null;
  const walk = (value: unknown, depth: number) => {
    if (found || depth > MAX_JSON_DEPTH) return;
    if (Array.isArray(value)) for (const item of value) walk(item, depth + 1);
    else if (isPlainObject(value)) {
      for (const [key, child] of Object.entries(value)) {
        const n = typeof child === "number" ? child : typeof child === "string" && /^\d+$/.test(child.trim()) ? Number(child) : NaN;
        if (ROW_KEY.test(key) && n > LARGE_EXPORT_ROWS) found = `${n.toLocaleString("en-US")} rows (over ${LARGE_EXPORT_ROWS.toLocaleString("en-US")})`;
        else if (BYTE_KEY.test(key) && n > LARGE_EXPORT_BYTES) found = `${Math.round(n / 1024 / 1024).toLocaleString("en-US")} MB (over ${LARGE_EXPORT_BYTES / 1024 / 1024} MB)`;
        else walk(child, depth + 1);
        if (found) return;
      }
    }
  };
  walk(parameters, 0);
  return found;
}
