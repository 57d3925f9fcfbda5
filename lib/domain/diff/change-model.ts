import { parsePatch } from "diff";
import { diffTexts, fileFromStructured } from "./line-diff";
import { MAX_JSON_DEPTH } from "../json-depth";
import { isPlainObject, prettyJson, tryParseJson } from "./pretty-json";
import { structuralChanges } from "./structural-changes";
import { summarizeTerraformPlan } from "./terraform-plan";
import type { AttributeChange, ChangeFormat, ChangeModel } from "./types";

const TEXT_FORMATS = ["text", "json", "yaml", "sql", "hcl"] as const;
type TextFormat = (typeof TEXT_FORMATS)[number];

const FILE_NAMES: Record<TextFormat, string> = {
  text: "change.txt",
  json: "change.json",
  yaml: "change.yaml",
  sql: "change.sql",
  hcl: "change.tf",
};

export type ChangeModelOptions = { /** Unchanged lines shown around each change; 3 like git. */ context?: number };

/**
 * Turns a request's `change` (as stored: masked) into what the request page renders. Never throws:
 * anything that cannot be diffed or summarised comes back as `raw` text with a note saying why.
 */
export function buildChangeModel(change: unknown, options: ChangeModelOptions = {}): ChangeModel | null {
  if (change === null || change === undefined) return null;
  if (!isPlainObject(change) || typeof change.format !== "string") {
    return { kind: "raw", format: "unknown", text: prettyJson(change), language: "json", note: "The change has no recognised format; shown as sent." };
  }
  const format = change.format;
  if ((TEXT_FORMATS as readonly string[]).includes(format)) return textChange(format as TextFormat, change.before, change.after, options);
  if (format === "unified") return unifiedChange(change.patch);
  if (format === "terraform-plan") return terraformChange(change.after);
  return { kind: "raw", format: "unknown", text: prettyJson(change), language: "json", note: `Unknown change format "${format}"; shown as sent.` };
}

function asText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  return `${prettyJson(value)}\n`;
}

function textChange(format: TextFormat, before: unknown, after: unknown, options: ChangeModelOptions): ChangeModel {
  let oldText = asText(before);
  let newText = asText(after);
  let note: string | undefined;
  let documents: AttributeChange[] = [];
  if (format === "json") {
    const normalised = normaliseJsonPair(before, after);
    if (normalised === "too-deep") note = `One side nests deeper than ${MAX_JSON_DEPTH} levels, so the texts are compared as written.`;
    else if (normalised) {
      [oldText, newText] = normalised.texts;
      // JSON columns and embedded policies are strings on the line diff; read them as documents too.
      documents = structuralChanges(...normalised.values).filter((c) => c.document);
    } else note = "One side is not valid JSON, so the texts are compared as written.";
  }
  const file = diffTexts(oldText, newText, { name: FILE_NAMES[format], context: options.context });
  return { kind: "diff", format, files: [file], additions: file.additions, deletions: file.deletions, ...(note && { note }), ...(documents.length > 0 && { documents }) };
}

/** Both sides pretty-printed with sorted keys, so reordered keys and reformatting are not reported as changes; with the parsed values. */
function normaliseJsonPair(before: unknown, after: unknown): { texts: [string, string]; values: [unknown, unknown] } | "too-deep" | null {
  const side = (value: unknown): { text: string; value: unknown } | "too-deep" | null => {
    if (value === null || value === undefined) return { text: "", value: undefined };
    if (typeof value !== "string") return { text: `${prettyJson(value)}\n`, value };
    if (value.trim() === "") return { text: "", value: undefined };
    const parsed = tryParseJson(value);
    return parsed.ok ? { text: `${prettyJson(parsed.value)}\n`, value: parsed.value } : parsed.tooDeep ? "too-deep" : null;
  };
  const oldSide = side(before);
  const newSide = side(after);
  if (oldSide === "too-deep" || newSide === "too-deep") return "too-deep";
  return oldSide === null || newSide === null ? null : { texts: [oldSide.text, newSide.text], values: [oldSide.value, newSide.value] };
}

function unifiedChange(patch: unknown): ChangeModel {
  const text = typeof patch === "string" ? patch : asText(patch);
  if (text.trim() === "") return { kind: "diff", format: "unified", files: [], additions: 0, deletions: 0, note: "The patch is empty." };
  let parsed: ReturnType<typeof parsePatch>;
  try {
    parsed = parsePatch(text.replace(/\r\n/g, "\n"));
  } catch (error) {
    const why = error instanceof Error ? error.message : "it could not be parsed";
    return { kind: "raw", format: "unified", text, language: "text", note: `The patch could not be parsed (${why}); shown as sent.` };
  }
  const files = parsed.filter((p) => p.hunks.length > 0 || p.oldFileName || p.newFileName).map(fileFromStructured);
  if (!files.some((f) => f.hunks.length > 0)) {
    return { kind: "raw", format: "unified", text, language: "text", note: "No hunks were found in the patch; shown as sent." };
  }
  return {
    kind: "diff",
    format: "unified",
    files,
    additions: files.reduce((n, f) => n + f.additions, 0),
    deletions: files.reduce((n, f) => n + f.deletions, 0),
  };
}

function terraformChange(after: unknown): ChangeModel {
  let plan: unknown = after;
  if (typeof after === "string") {
    const parsed = tryParseJson(after);
    if (!parsed.ok) {
      const why = parsed.tooDeep ? `nests deeper than ${MAX_JSON_DEPTH} levels` : "is not valid JSON";
      return { kind: "raw", format: "terraform-plan", text: after, language: "text", note: `The plan ${why}; shown as sent.` };
    }
    plan = parsed.value;
  }
  const summary = summarizeTerraformPlan(plan);
  if (!summary) {
    return { kind: "raw", format: "terraform-plan", text: prettyJson(plan), language: "json", note: "Not recognised as `terraform show -json` output; shown as JSON." };
  }
  return { kind: "terraform-plan", format: "terraform-plan", plan: summary };
}

export type { ChangeFormat };
