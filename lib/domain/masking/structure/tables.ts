import type { CallMemo } from "../call-memo";
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

/** Chars a header line may hold: names (`Date of Birth`, `user.dob`, `"ssn"`), blanks and delimiters.
 * Log lines, code and JSON fail at their first `:`, `=`, `[` or `{`, before anything is split. */
function isHeaderChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 32 || c === 9 || c === 44 || c === 59 ||
    c === 124 || c === 46 || c === 45 || c === 35 || c === 47 || c === 40 || c === 41 || c === 34 || c === 39 || c === 96 || c === 13;
}

function mayBeHeader(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isHeaderChar(text.charCodeAt(i))) return false;
  return true;
}

const DELIMITERS = ["|", "\t", ",", ";"] as const;

/**
 * Which delimiter a line holds (in that order of preference), or 0. The next of each is found with
 * `indexOf` and looked for again only once the line scan has passed it: one read of the text per
 * delimiter, whatever the number of lines.
 */
function delimiterFinder(text: string): (start: number, end: number) => number {
  const next = [-1, -1, -1, -1];
  return (start, end) => {
    for (let d = 0; d < DELIMITERS.length; d++) {
      const delimiter = DELIMITERS[d]!; // d < DELIMITERS.length
      if (next[d]! < start) {
        const at = text.indexOf(delimiter, start);
        next[d] = at < 0 ? text.length : at;
      }
      if (next[d]! < end) return delimiter.charCodeAt(0);
    }
    return 0;
  };
}

/** Where the line starting at `from` ends, for `from` never decreasing: one walk over the line breaks. */
function lineEnds(lineBreaks: readonly number[], length: number): (from: number) => number {
  let next = 0;
  return (from) => {
    while (next < lineBreaks.length && lineBreaks[next]! < from) next++; // next < lineBreaks.length
    return next < lineBreaks.length ? lineBreaks[next]! : length;
  };
}

/** Classified columns of a header line, with their cell index; null if it is not a header. */
function headerColumns(text: string, cells: number[], classify: ColumnClassifier, memo: CallMemo): Array<NamedColumn & { index: number }> | null {
  const columns: Array<NamedColumn & { index: number }> = [];
  for (let c = 0; c + 1 < cells.length; c += 2) {
    const name = text.slice(cells[c], cells[c + 1]).trim();
    if (name.length > 0 && !HEADER_CELL.test(name)) return null;
    const found = name.length > 0 ? memo.column(name, classify) : null;
    if (found !== null) columns.push({ index: c, rule: found.rule, priority: found.priority, randomOnly: found.randomOnly });
  }
  return columns.length > 0 ? columns : null;
}

/**
 * CSV/TSV exports and psql/MySQL/Markdown tables: a header row whose cells are names, followed by rows
 * with as many cells; the cells under a column the vocabulary knows are checked against its shape.
 * Lines are where the facts pass found the line breaks, only lines made of name characters are split as header candidates,
 * and each line is split at most twice (as a candidate, then as a row), so this is linear whatever
 * the text's shape (a 1 MB one-line CSV, 10,000 columns).
 */
export function detectTableColumns(text: string, lineBreaks: readonly number[], out: Finding[], classify: ColumnClassifier, memo: CallMemo): void {
  if (lineBreaks.length === 0) return;
  const lineEndAt = lineEnds(lineBreaks, text.length);
  const delimiterIn = delimiterFinder(text);
  let start = 0;
  while (start < text.length) {
    const end = lineEndAt(start);
    const delimiter = end < text.length ? delimiterIn(start, end) : 0;
    if (delimiter !== 0 && mayBeHeader(text, start, end) && !isSeparatorLine(text, start, end)) {
      const header = splitCells(text, start, end, delimiter);
      const columns = headerColumns(text, header, classify, memo);
      if (columns !== null) {
        let rowStart = end + 1;
        let rows = 0;
        for (;;) {
          const rowEnd = lineEndAt(rowStart);
          // psql's `---+---` and MySQL's `+---+` borders; a CSV ends at its first line of dashes.
          if (!isSeparatorLine(text, rowStart, rowEnd)) {
            const cells = splitCells(text, rowStart, rowEnd, delimiter);
            if (cells.length !== header.length) break;
            rows++;
            for (const column of columns) columnFinding(text, cells[column.index]!, cells[column.index + 1]!, column, out); // index < header.length
          } else if (rows > 0 && delimiter !== PIPE) {
            break;
          }
          if (rowEnd >= text.length) {
            rowStart = text.length;
            break;
          }
          rowStart = rowEnd + 1;
        }
        // Go on from the line that ended the table (it may be the next table's header).
        if (rows > 0) {
          start = rowStart;
          continue;
        }
      }
    }
    start = end + 1;
  }
}
