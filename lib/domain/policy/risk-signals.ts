import { summarizeTerraformPlan } from "../diff/terraform-plan";
import { isPlainObject, tryParseJson } from "../diff/pretty-json";
import { MAX_JSON_DEPTH } from "../json-depth";
import { isPersonalDataKind } from "../masking/kinds";
import type { MaskCounts } from "../masking";
import { widensIamToWildcard } from "./iam-wildcard";
import type { RiskSignal } from "./risk-signal-names";
import { isDestructiveSql } from "./sql-destructive";

/** The parts of a stored (masked) request the signals read. */
export type SignalSource = { environment: string; parameters: unknown; change: unknown; counts: MaskCounts };

/** What Countersign sees in a request, whatever the agent calls it; rules match on these. */
export function deriveRiskSignals(request: SignalSource): RiskSignal[] {
  const signals: RiskSignal[] = [];
  if (terraformDestroys(request.change)) signals.push("terraform-destroys");
  if (widensIamToWildcard(request.parameters, request.change)) signals.push("iam-wildcard");
  if (sqlTexts(request.parameters, request.change).some(isDestructiveSql)) signals.push("sql-destructive");
  if (isProductionEnvironment(request.environment)) signals.push("production");
  if (heldSecrets(request.counts)) signals.push("secrets-masked");
  return signals;
}

/** `production`, `prod`, `prd`, `live`, and those with a suffix (`prod-eu`); not `preprod` or `non-prod`. */
export function isProductionEnvironment(environment: string): boolean {
  return /^(prod|production|prd|live)([-_.:/].*)?$/i.test(environment.trim());
}

/** A Terraform plan (the `terraform-plan` change) that deletes or replaces a resource. */
export function terraformDestroys(change: unknown): boolean {
  if (!isPlainObject(change) || change.format !== "terraform-plan") return false;
  let plan = change.after;
  if (typeof plan === "string") {
    const parsed = tryParseJson(plan);
    if (!parsed.ok) return false;
    plan = parsed.value;
  }
  const summary = summarizeTerraformPlan(plan);
  return summary !== null && summary.counts.delete + summary.counts.replace > 0;
}

/** Masking replaced a credential (not only personal data) somewhere in the request. */
export function heldSecrets(counts: MaskCounts): boolean {
  return Object.entries(counts).some(([kind, n]) => n > 0 && !isPersonalDataKind(kind));
}

/** Parameter keys that carry SQL; other strings (a shell command, prose) are not read as SQL. */
const SQL_KEY = /sql|query|queries|statement|script/i;

/** SQL the request would run: strings under SQL-named parameters, and the new side of an `sql` change. */
export function sqlTexts(parameters: unknown, change: unknown): string[] {
  const texts: string[] = [];
  const walk = (value: unknown, sqlKey: boolean, depth: number) => {
    if (depth > MAX_JSON_DEPTH) return;
    if (typeof value === "string") {
      if (sqlKey) texts.push(value);
    } else if (Array.isArray(value)) {
      for (const item of value) walk(item, sqlKey, depth + 1);
    } else if (isPlainObject(value)) {
      for (const [key, child] of Object.entries(value)) walk(child, sqlKey || SQL_KEY.test(key), depth + 1);
    }
  };
  walk(parameters, false, 0);
  if (isPlainObject(change) && change.format === "sql" && typeof change.after === "string") texts.push(change.after);
  return texts;
}
