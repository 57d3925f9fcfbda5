import { stringify } from "yaml";
import { policyDocumentSchema, type PolicyDocument } from "./document";

/**
 * A document as YAML for `policies show` and the editor. Single patterns print as plain strings
 * (`action: db.read*`), as people write them; parsing the text gives back the same document. Keys come
 * in the schema's order (name, match, outcome, stages, ttl…), whatever order the document arrived in:
 * one read back from PostgreSQL's jsonb has its keys sorted by length, which would make every diff
 * between two versions noisy.
 */
export function policyToYaml(document: PolicyDocument): string {
  return stringify(simplify(policyDocumentSchema.parse(document)), { lineWidth: 0 });
}

const GLOB_FIELDS = new Set(["action", "resource", "environment", "agent"]);

function simplify(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return key !== undefined && GLOB_FIELDS.has(key) && value.length === 1 ? value[0] : value.map((item) => simplify(item));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, simplify(v, k)]));
  }
  return value;
}
