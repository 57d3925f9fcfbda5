/**
 * Cells of one line of a table: CSV/TSV (quoted cells with `""` escapes) or pipe tables (psql,
 * MySQL, Markdown: the outer `|` borders are not cells). Spans are flat `[start, end]` pairs of the
 * cell's content, quotes excluded; one pass over the line.
 */
export function splitCells(text: string, start: number, end: number, delimiter: number): number[] {
  const cells: number[] = [];
  let i = start;
  if (delimiter === 124) {
    // `| a | b |`: drop the borders.
    while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    if (text.charCodeAt(i) === 124) i++;
    let e = end;
    while (e > i && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9 || text.charCodeAt(e - 1) === 13)) e--;
    if (e > i && text.charCodeAt(e - 1) === 124) e--;
    let cellStart = i;
    for (; i < e; i++) {
      if (text.charCodeAt(i) === 124) {
        cells.push(cellStart, i);
        cellStart = i + 1;
      }
    }
    cells.push(cellStart, e);
    return cells;
  }
  while (i <= end) {
    let j = i;
    while (j < end && text.charCodeAt(j) === 32) j++;
    if (j < end && text.charCodeAt(j) === 34) {
      // "quoted, with ""escaped"" quotes"
      const contentStart = j + 1;
      let k = contentStart;
      while (k < end) {
        if (text.charCodeAt(k) === 34) {
          if (text.charCodeAt(k + 1) === 34) k += 2;
          else break;
        } else k++;
      }
      cells.push(contentStart, Math.min(k, end));
      k++;
      while (k < end && text.charCodeAt(k) !== delimiter) k++;
      i = k + 1;
    } else {
      let k = i;
      while (k < end && text.charCodeAt(k) !== delimiter) k++;
      cells.push(i, k === end && text.charCodeAt(k - 1) === 13 ? k - 1 : k);
      i = k + 1;
    }
  }
  return cells;
}
