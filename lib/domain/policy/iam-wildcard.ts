import { compactJson, isPlainObject, tryParseJson } from "../diff/pretty-json";
import { MAX_JSON_DEPTH } from "../json-depth";

/**
 * Whether a request widens an IAM policy to every action or every resource: an `Allow` statement
 * whose `Action` or `Resource` is `*` that the policy did not already have. Statements under a
 * `before` key (a change's old side, a Terraform plan's prior state) are what it had; the rest is
 * what it asks for. Policies embedded as JSON strings (Terraform's `policy` attribute) count too.
 */
export function widensIamToWildcard(...values: unknown[]): boolean {
  const before = new Set<string>();
  const after = new Set<string>();
  for (const value of values) collect(value, false, 0, before, after);
  for (const statement of after) if (!before.has(statement)) return true;
  return false;
}

function collect(value: unknown, underBefore: boolean, depth: number, before: Set<string>, after: Set<string>): void {
  if (depth > MAX_JSON_DEPTH) return;
  if (typeof value === "string") {
    if (!value.includes("Statement")) return;
    const parsed = tryParseJson(value);
    if (parsed.ok) collect(parsed.value, underBefore, depth + 1, before, after);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) collect(item, underBefore, depth + 1, before, after);
    return;
  }
  if (!isPlainObject(value)) return;
  if ("Statement" in value) {
    const statements = Array.isArray(value.Statement) ? value.Statement : [value.Statement];
    for (const statement of statements) if (isWildcardAllow(statement)) (underBefore ? before : after).add(compactJson(statement));
  }
  for (const [key, child] of Object.entries(value)) {
    if (key === "Statement") continue;
    collect(child, underBefore || key === "before", depth + 1, before, after);
  }
}

function isWildcardAllow(statement: unknown): boolean {
  if (!isPlainObject(statement) || statement.Effect !== "Allow") return false;
  const isStar = (field: unknown) => field === "*" || (Array.isArray(field) && field.includes("*"));
  return isStar(statement.Action) || isStar(statement.Resource);
}
