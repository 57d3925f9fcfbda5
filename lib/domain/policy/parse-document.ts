import { isCollection, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from "yaml";
import type { z } from "zod";
import { policyDocumentSchema, type PolicyDocument } from "./document";

/** One problem with a document: `line 7, rules[1].stages[0].approvals: must be at least 1`. */
export type PolicyDocumentError = { line: number | null; path: string; message: string };

export type ParsedPolicyDocument = { ok: true; document: PolicyDocument } | { ok: false; errors: PolicyDocumentError[] };

/** Policy documents are small; a bigger input is a mistake or an attack on the parser. */
export const MAX_POLICY_DOCUMENT_CHARS = 512 * 1024;

/** The API's JSON body (already parsed): errors name the field. */
export function parsePolicyJson(value: unknown): ParsedPolicyDocument {
  const result = policyDocumentSchema.safeParse(value, { reportInput: true });
  if (result.success) return { ok: true, document: result.data };
  return { ok: false, errors: result.error.issues.map((issue) => ({ line: null, path: formatPath(issue.path), message: issueMessage(issue) })) };
}

/** YAML from the console editor or the CLI: errors name the line and the field. */
export function parsePolicyYaml(text: string): ParsedPolicyDocument {
  if (text.length > MAX_POLICY_DOCUMENT_CHARS) return { ok: false, errors: [{ line: null, path: "", message: `the document must be at most ${MAX_POLICY_DOCUMENT_CHARS} characters` }] };
  const lineCounter = new LineCounter();
  // Aliases are refused outright (maxAliasCount 0): a policy has no need for them, and they are how
  // a few lines of YAML expand into gigabytes.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    return { ok: false, errors: doc.errors.map((error) => ({ line: lineCounter.linePos(error.pos[0]).line, path: "", message: error.message.split("\n")[0] ?? error.message })) };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 0 });
  } catch (error) {
    return { ok: false, errors: [{ line: null, path: "", message: error instanceof Error ? error.message : "the document could not be read" }] };
  }
  const result = policyDocumentSchema.safeParse(value, { reportInput: true });
  if (result.success) return { ok: true, document: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((issue) => ({ line: lineOf(doc, lineCounter, issue.path), path: formatPath(issue.path), message: issueMessage(issue) })),
  };
}

export function formatPolicyDocumentError(error: PolicyDocumentError): string {
  const where = [error.line === null ? null : `line ${error.line}`, error.path || null].filter(Boolean).join(", ");
  return where ? `${where}: ${error.message}` : error.message;
}

/** `["rules", 1, "stages", 0, "approvals"]` → `rules[1].stages[0].approvals`. */
function formatPath(path: readonly PropertyKey[]): string {
  return path.map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`)).join("");
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type" && issue.input === undefined) return "is required";
  if (issue.code === "unrecognized_keys") return `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}`;
  return issue.message;
}

/**
 * The line of the deepest node on the path that exists: the value itself, or for a missing field the
 * map that lacks it. For a field the line is that of its key, which is where people look.
 */
function lineOf(doc: Document, lineCounter: LineCounter, path: readonly PropertyKey[]): number | null {
  let node: Node | null = doc.contents as Node | null;
  let at: number | undefined = node?.range?.[0];
  for (const part of path) {
    if (!isCollection(node)) break;
    const key = typeof part === "number" ? part : String(part);
    const pair = isCollection(node) && "items" in node ? node.items.find((item, index) => (isPair(item) ? isScalar(item.key) && item.key.value === key : index === key)) : undefined;
    if (pair === undefined) break;
    if (isPair(pair)) {
      at = (pair.key as Node | null)?.range?.[0] ?? at;
      node = pair.value as Node | null;
    } else {
      node = pair as Node;
      at = node?.range?.[0] ?? at;
    }
  }
  return at === undefined ? null : lineCounter.linePos(at).line;
}
