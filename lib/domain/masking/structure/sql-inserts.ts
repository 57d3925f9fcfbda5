import type { CallMemo } from "../call-memo";
import type { Finding } from "../types";
import { columnFinding, type ColumnClassifier, type NamedColumn } from "./tables";

/** `INSERT [IGNORE] INTO table (` — the column list follows. */
const INSERT_ANYWHERE = /\binsert\s+(?:ignore\s+)?into\s+[\w."`[\]-]{1,128}\s*\(/gi;
const VALUES = /\s*values\s*/iy;
const MAX_COLUMNS_TEXT = 16_384;

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** One SQL literal or expression from `i`: its content span (quotes excluded) and where it ends. */
function readSqlValue(text: string, i: number, end: number): { start: number; end: number; next: number } {
  while (i < end && isBlank(text.charCodeAt(i))) i++;
  const c = text.charCodeAt(i);
  if (c === 39 || c === 34) {
    // 'it''s' — doubled quotes and backslash escapes (MySQL).
    const start = i + 1;
    let k = start;
    while (k < end) {
      const d = text.charCodeAt(k);
      if (d === 92) k += 2;
      else if (d === c) {
        if (text.charCodeAt(k + 1) === c) k += 2;
        else break;
      } else k++;
    }
    return { start, end: Math.min(k, end), next: Math.min(k + 1, end) };
  }
  // A number, NULL or an expression: up to the `,` or `)` at its own depth.
  const start = i;
  let depth = 0;
  let k = i;
  for (; k < end; k++) {
    const d = text.charCodeAt(k);
    if (d === 40) depth++;
    else if (d === 41) {
      if (depth === 0) break;
      depth--;
    } else if (d === 44 && depth === 0) break;
  }
  let e = k;
  while (e > start && isBlank(text.charCodeAt(e - 1))) e--;
  return { start, end: e, next: k };
}

/**
 * `INSERT INTO t (col, …) VALUES (…), (…)`: each value is judged by its column, like a table's cells.
 * The regex is tried once per `insert` in the text and the tuples are read in one pass, so this is linear.
 */
export function detectSqlInserts(text: string, out: Finding[], classify: ColumnClassifier, memo: CallMemo): void {
  // `insert into t (a) values (1)` is 28 chars; SQL is written upper, lower or title case, and a
  // native search for `nsert`/`NSERT` rules out most texts before the regex runs.
  if (text.length < 28 || (text.indexOf("nsert") < 0 && text.indexOf("NSERT") < 0)) return;
  INSERT_ANYWHERE.lastIndex = 0;
  let closeAt = -1;
  let m: RegExpExecArray | null;
  while ((m = INSERT_ANYWHERE.exec(text)) !== null) {
    const listStart = m.index + m[0].length;
    // The next `)` is looked for again only once the scan has passed the last one found, so
    // `insert into t (` repeated without a `)` reads the text once.
    if (closeAt < listStart) {
      closeAt = text.indexOf(")", listStart);
      if (closeAt < 0) closeAt = text.length;
    }
    const listEnd = closeAt;
    if (listEnd >= text.length || listEnd - listStart > MAX_COLUMNS_TEXT) continue;
    const names = text.slice(listStart, listEnd).split(",");
    const columns: Array<NamedColumn | null> = names.map((n) => memo.column(n.trim().replace(/^[`"[]|[`"\]]$/g, ""), classify));
    if (!columns.some((c) => c !== null)) continue;
    VALUES.lastIndex = listEnd + 1;
    if (!VALUES.test(text)) continue;
    let i = VALUES.lastIndex;
    // Tuples until something else follows (`;`, `ON CONFLICT`, end of text).
    for (;;) {
      while (i < text.length && isBlank(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) !== 40) break;
      i++;
      for (let col = 0; i < text.length; col++) {
        const value = readSqlValue(text, i, text.length);
        const column = columns[col];
        if (column && value.end > value.start) columnFinding(text, value.start, value.end, column, out);
        i = value.next;
        while (i < text.length && isBlank(text.charCodeAt(i))) i++;
        if (text.charCodeAt(i) === 44) i++;
        else break;
      }
      if (text.charCodeAt(i) === 41) i++;
      while (i < text.length && isBlank(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) !== 44) break;
      i++;
    }
    INSERT_ANYWHERE.lastIndex = Math.max(INSERT_ANYWHERE.lastIndex, i);
  }
}
