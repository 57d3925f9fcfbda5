import { looksRandom } from "../entropy";
import type { Finding } from "../types";
import type { FieldRule } from "./field-vocabulary";
import { fieldFinding } from "./field-finding";
import { splitCells } from "./table-cells";

/** What a column header names, how strongly, and whether only random-looking cells count (a column
 * named `key` holds cache keys as often as secrets); null for an ordinary column. */
export type NamedColumn = { rule: FieldRule; priority: number; randomOnly: boolean };
export type ColumnClassifier = (header: string) => NamedColumn | null;

const PIPE = 124;
const TAB = 9;
const COMMA = 44;
const SEMICOLON = 59;

/** psql `----+----`, MySQL `+----+`, Markdown `|---|:--:|`: structure between header and rows. */
function isSeparatorLine(text: string, start: number, end: number): boolean {
  let dashes = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 45 || c === 61) dashes++;
    else if (c !== 43 && c !== 124 && c !== 58 && c !== 32 && c !== 9 && c !== 13) return false;
  }
  return dashes >= 3;
}

/** A cell under a named column: masked if it has the column's shape (and, for ambiguous secret names, looks random). */
export function columnFinding(text: string, start: number, end: number, column: NamedColumn, out: Finding[]): void {
  if (column.randomOnly && !looksRandom(text.slice(start, end).trim())) return;
  fieldFinding(text, start, end, true, false, column.rule, "column", column.priority, out);
}

const HEADER_CELL = /^[A-Za-z_][A-Za-z0-9_ .#/()-]{0,63}$/;

type Line = { start: number; end: number; delimiter: number; count: number };

/** The delimiter a line would be split on, and how many times it occurs (quotes not considered). */
function describeLine(text: string, start: number, end: number): Line {
  let pipes = 0;
  let tabs = 0;
  let commas = 0;
  let semicolons = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === PIPE) pipes++;
    else if (c === TAB) tabs++;
    else if (c === COMMA) commas++;
    else if (c === SEMICOLON) semicolons++;
  }
  if (pipes > 0) return { start, end, delimiter: PIPE, count: pipes };
  if (tabs > 0) return { start, end, delimiter: TAB, count: tabs };
  if (commas > 0) return { start, end, delimiter: COMMA, count: commas };
  return { start, end, delimiter: SEMICOLON, count: semicolons };
}

function lineEndAt(text: string, from: number): number {
  const nl = text.indexOf("\n", from);
  return nl < 0 ? text.length : nl;
}

/** Classified columns of a header line, as `[index, rule]`; null if it is not a header. */
function headerColumns(text: string, cells: number[], classify: ColumnClassifier): Array<NamedColumn & { index: number }> | null {
  const columns: Array<NamedColumn & { index: number }> = [];
  for (let c = 0; c + 1 < cells.length; c += 2) {
    const name = text.slice(cells[c], cells[c + 1]).trim();
    if (name.length > 0 && !HEADER_CELL.test(name)) return null;
    const found = name.length > 0 ? classify(name) : null;
    if (found !== null) columns.push({ index: c, rule: found.rule, priority: found.priority, randomOnly: found.randomOnly });
  }
  return columns.length > 0 ? columns : null;
}

/**
 * CSV/TSV exports and psql/MySQL/Markdown tables: a header row whose cells are names, followed by rows
 * with as many cells; the cells under a column the vocabulary knows are checked against its shape.
 * Each line is split at most twice (as a header candidate, then as a row), so this is linear in the
 * text whatever its shape (a 1 MB one-line CSV, 10,000 columns).
 */
export function detectTableColumns(text: string, out: Finding[], classify: ColumnClassifier): void {
  if (text.indexOf("\n") < 0) return;
  let start = 0;
  let line = describeLine(text, 0, lineEndAt(text, 0));
  while (line.start < text.length) {
    const nextStart = line.end + 1;
    if (nextStart > text.length) break;
    // The first row: the next line that is not a separator.
    let row = describeLine(text, nextStart, lineEndAt(text, nextStart));
    if (line.count > 0 && isSeparatorLine(text, row.start, row.end) && row.end < text.length) row = describeLine(text, row.end + 1, lineEndAt(text, row.end + 1));
    const candidate = line.count > 0 && !isSeparatorLine(text, line.start, line.end) && row.delimiter === line.delimiter && row.count >= line.count - 1;
    if (candidate) {
      const header = splitCells(text, line.start, line.end, line.delimiter);
      const columns = headerColumns(text, header, classify);
      if (columns !== null) {
        const width = header.length;
        let r = row;
        for (;;) {
          if (!isSeparatorLine(text, r.start, r.end)) {
            if (r.delimiter !== line.delimiter) break;
            const cells = splitCells(text, r.start, r.end, line.delimiter);
            if (cells.length !== width) break;
            for (const column of columns) columnFinding(text, cells[column.index]!, cells[column.index + 1]!, column, out); // index < width
          }
          if (r.end >= text.length) break;
          r = describeLine(text, r.end + 1, lineEndAt(text, r.end + 1));
        }
        // Rows are done with: go on from the line that ended the table.
        line = r;
        continue;
      }
    }
    start = nextStart;
    line = describeLine(text, start, lineEndAt(text, start));
  }
}
