/**
 * RFC 4180 CSV. Cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR) get a leading
 * apostrophe: evidence is opened in spreadsheets, and agent-supplied text must not execute there.
 */
export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  return [header, ...rows].map(csvLine).join("");
}

/** One CSV record with its CRLF: what a file written row by row (a streamed pack's populations) is made of. */
export function csvLine(row: readonly (string | number | null)[]): string {
  return row.map(csvCell).join(",") + "\r\n";
}

function csvCell(value: string | number | null): string {
  if (value === null) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Parses what toCsv writes (RFC 4180: quoted cells, doubled quotes, CRLF records), undoing the
 * formula guard's apostrophe (so a value that itself began with an apostrophe before a formula
 * character reads back without it: the guard's one ambiguity).
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = "";
  let quoted = false;
  const endCell = () => {
    record.push(/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);
    cell = "";
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") endCell();
    else if (ch === "\r" && text[i + 1] === "\n") {
      endCell();
      records.push(record);
      record = [];
      i += 1;
    } else cell += ch;
  }
  if (cell !== "" || record.length) {
    endCell();
    records.push(record);
  }
  return records;
}
