import { classifyKey, keyWords } from "../key-names";
import { PRIORITY } from "../priority";
import type { Detector } from "../types";
import { detectFieldAssignments } from "./field-assignments";
import type { FieldClassifier, FieldRule } from "./field-vocabulary";
import { detectSqlInserts } from "./sql-inserts";
import { detectTableColumns, type ColumnClassifier } from "./tables";

/** A secret column's name, for the reason: its words if they are plain words, else just "secret". */
function secretLabel(header: string): string {
  const words = keyWords(header);
  return words.length <= 4 && words.every((w) => /^[a-z]{1,16}$/.test(w)) ? words.join("_") : "secret";
}

/**
 * Columns are named by the personal-data vocabulary first, then by the secret key names the text
 * detectors use (`password`, `api_key`): a CSV export's `password` column is as telling as `password=`.
 */
function columnClassifier(fields: FieldClassifier): ColumnClassifier {
  return (header) => {
    const field = fields.classify(header);
    if (field !== null) return { rule: field, priority: PRIORITY.field, randomOnly: false };
    const secret = classifyKey(header);
    if (secret === null) return null;
    const rule: FieldRule = { kind: secret.kind, shape: "any", label: secretLabel(header) };
    return { rule, priority: PRIORITY.context, randomOnly: secret.mode === "random" };
  };
}

/**
 * The structural pass: values named by their key (`"dob": …`, `dob=…`) or their column (CSV, psql and
 * MySQL tables, `INSERT … (cols) VALUES (…)`), confirmed by their shape. Runs beside the format
 * detectors; text it cannot parse is simply left to them.
 */
export function createStructureDetector(fields: FieldClassifier): Detector {
  const columns = columnClassifier(fields);
  return (text, out, facts) => {
    // Keys are read at each `:` and `=`, tables line by line: where those are, the facts pass (which
    // reads every char anyway) has recorded, so neither reader searches the text for them again.
    detectFieldAssignments(text, facts.separators(), out, fields, facts.memo);
    detectTableColumns(text, facts.lineBreaks(), out, columns, facts.memo);
    detectSqlInserts(text, out, columns, facts.memo);
  };
}
