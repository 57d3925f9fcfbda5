import { isPlainObject } from "./pretty-json";
import { formatPath, renderValue as render, structuralChanges } from "./structural-changes";
import type { ResourceChange, TerraformAction, TerraformPlanSummary } from "./types";

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
  const flags = { destructive: 0, sensitive: 0 };
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
        ? structuralChanges(change.before, change.after, {
            afterUnknown: change.after_unknown,
            beforeSensitive: change.before_sensitive,
            afterSensitive: change.after_sensitive,
            forcesReplacement: replacePaths(change.replace_paths),
          })
        : [];
    const destructive = action === "delete" || action === "replace";
    // A create or delete lists no attributes, so its sensitive values are known only from the marks.
    const sensitive = attributes.some((a) => a.sensitive) || (action !== "update" && (marksSensitive(change.before_sensitive) || marksSensitive(change.after_sensitive)));
    if (destructive) flags.destructive++;
    if (sensitive) flags.sensitive++;
    resources.push({ address, type: typeof entry.type === "string" ? entry.type : null, action, actions, attributes, destructive, sensitive });
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

  return { terraformVersion: typeof plan.terraform_version === "string" ? plan.terraform_version : null, counts, flags, resources, outputs };
}

function replacePaths(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((p): p is Array<string | number> => Array.isArray(p) && p.every((part) => typeof part === "string" || typeof part === "number"))
    .map(formatPath);
}

/** Terraform marks sensitive values with `true` somewhere in `before_sensitive`/`after_sensitive`. */
function marksSensitive(value: unknown): boolean {
  if (value === true) return true;
  if (Array.isArray(value)) return value.some(marksSensitive);
  return isPlainObject(value) && Object.values(value).some(marksSensitive);
}
