import { compactJson, isPlainObject } from "./pretty-json";
import type { AttributeChange, ResourceChange, TerraformAction, TerraformPlanSummary } from "./types";

/** Terraform's action list as one verb: `["delete","create"]` and `["create","delete"]` are both a replacement. */
export function classifyActions(actions: readonly string[]): TerraformAction {
  if (actions.includes("create") && actions.includes("delete")) return "replace";
  if (actions.includes("create")) return "create";
  if (actions.includes("delete")) return "delete";
  if (actions.includes("update")) return "update";
  if (actions.includes("read")) return "read";
  return "no-op";
}

/**
 * A reviewer's summary of `terraform show -json` output: each resource that changes, what happens to
 * it, and for updates and replacements the attributes that change. Null when the value is not a plan.
 */
export function summarizeTerraformPlan(plan: unknown): TerraformPlanSummary | null {
  if (!isPlainObject(plan)) return null;
  const { resource_changes: resourceChanges, output_changes: outputChanges } = plan;
  if (!Array.isArray(resourceChanges) && !isPlainObject(outputChanges)) return null;

  const counts = { create: 0, update: 0, delete: 0, replace: 0 };
  const resources: ResourceChange[] = [];
  for (const entry of Array.isArray(resourceChanges) ? resourceChanges : []) {
    if (!isPlainObject(entry) || !isPlainObject(entry.change)) continue;
    const change = entry.change;
    const actions = Array.isArray(change.actions) ? change.actions.filter((a): a is string => typeof a === "string") : [];
    const action = classifyActions(actions);
    if (action === "no-op" || action === "read") continue;
    counts[action]++;
    const address = typeof entry.address === "string" ? entry.address : [entry.type, entry.name].filter(Boolean).join(".") || "(unnamed resource)";
    const attributes =
      action === "update" || action === "replace"
        ? attributeChanges(change.before, change.after, change.after_unknown, change.before_sensitive, change.after_sensitive, replacePaths(change.replace_paths))
        : [];
    resources.push({ address, type: typeof entry.type === "string" ? entry.type : null, action, actions, attributes });
  }

  const outputs: TerraformPlanSummary["outputs"] = [];
  if (isPlainObject(outputChanges)) {
    for (const name of Object.keys(outputChanges).sort()) {
      const change = outputChanges[name];
      if (!isPlainObject(change)) continue;
      const actions = Array.isArray(change.actions) ? change.actions.filter((a): a is string => typeof a === "string") : [];
      const action = classifyActions(actions);
      if (action === "no-op" || action === "read") continue;
      const sensitive = change.before_sensitive === true || change.after_sensitive === true;
      outputs.push({
        name,
        action,
        before: sensitive ? "(sensitive)" : render(change.before),
        after: change.after_unknown === true ? "(known after apply)" : sensitive ? "(sensitive)" : render(change.after),
      });
    }
  }

  return { terraformVersion: typeof plan.terraform_version === "string" ? plan.terraform_version : null, counts, resources, outputs };
}

type PathPart = string | number;

function formatPath(parts: readonly PathPart[]): string {
  return parts.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

function replacePaths(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((p): p is PathPart[] => Array.isArray(p) && p.every((part) => typeof part === "string" || typeof part === "number"))
    .map(formatPath);
}

/** A value as a reviewer reads it: strings quoted, structures as compact JSON, absent as null. */
function render(value: unknown): string | null {
  if (value === undefined) return null;
  if (typeof value === "string") return JSON.stringify(value);
  return compactJson(value);
}

function isScalar(value: unknown): boolean {
  return value === null || value === undefined || typeof value !== "object";
}

function deepEqual(a: unknown, b: unknown): boolean {
  return compactJson(a) === compactJson(b);
}

function child(value: unknown, key: PathPart): unknown {
  if (typeof key === "number") return Array.isArray(value) ? value[key] : undefined;
  return isPlainObject(value) ? value[key] : undefined;
}

function attributeChanges(
  before: unknown,
  after: unknown,
  afterUnknown: unknown,
  beforeSensitive: unknown,
  afterSensitive: unknown,
  forced: string[],
): AttributeChange[] {
  const out: AttributeChange[] = [];
  const forces = (path: string) => forced.some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));

  const walk = (b: unknown, a: unknown, unknown: unknown, bSens: unknown, aSens: unknown, path: PathPart[]) => {
    const name = formatPath(path);
    if (bSens === true || aSens === true) {
      if (unknown === true || !deepEqual(b, a) || bSens !== aSens)
        out.push({ path: name, before: b === undefined ? null : "(sensitive)", after: unknown === true ? "(known after apply)" : a === undefined ? null : "(sensitive)", sensitive: true, ...(forces(name) && { forcesReplacement: true }) });
      return;
    }
    if (unknown === true) {
      out.push({ path: name, before: render(b), after: null, unknownAfter: true, ...(forces(name) && { forcesReplacement: true }) });
      return;
    }
    const bothObjects = (isPlainObject(b) || b == null) && (isPlainObject(a) || a == null) && (isPlainObject(b) || isPlainObject(a));
    const structuredArrays =
      (Array.isArray(b) || b == null) && (Array.isArray(a) || a == null) && (Array.isArray(b) || Array.isArray(a)) &&
      [...(Array.isArray(b) ? b : []), ...(Array.isArray(a) ? a : [])].some((item) => !isScalar(item));
    if (path.length > 0 && !bothObjects && !structuredArrays) {
      if (!deepEqual(b, a)) out.push({ path: name, before: render(b), after: render(a), ...(forces(name) && { forcesReplacement: true }) });
      return;
    }
    if (bothObjects || path.length === 0) {
      const keys = new Set<string>([
        ...(isPlainObject(b) ? Object.keys(b) : []),
        ...(isPlainObject(a) ? Object.keys(a) : []),
        ...(isPlainObject(unknown) ? Object.keys(unknown) : []),
      ]);
      for (const key of [...keys].sort())
        walk(child(b, key), child(a, key), child(unknown, key), child(bSens, key), child(aSens, key), [...path, key]);
      return;
    }
    const length = Math.max(Array.isArray(b) ? b.length : 0, Array.isArray(a) ? a.length : 0, Array.isArray(unknown) ? unknown.length : 0);
    for (let i = 0; i < length; i++) walk(child(b, i), child(a, i), child(unknown, i), child(bSens, i), child(aSens, i), [...path, i]);
  };

  walk(before, after, afterUnknown, beforeSensitive, afterSensitive, []);
  return out;
}
