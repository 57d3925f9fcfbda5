import { describe, expect, it } from "vitest";
import { parseCsv, toCsv } from "./csv";

describe("toCsv", () => {
  it("quotes separators, quotes and newlines (RFC 4180)", () => {
    expect(toCsv(["a", "b"], [['x,y', 'say "hi"'], ["line\nbreak", null]])).toBe('a,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",\r\n');
  });

  it("defuses cells a spreadsheet would run as formulas", () => {
    expect(toCsv(["f"], [["=HYPERLINK(\"http://evil\")"], ["+1"], ["@SUM(A1)"], [-5]])).toBe('f\r\n"\'=HYPERLINK(""http://evil"")"\r\n\'+1\r\n\'@SUM(A1)\r\n-5\r\n');
  });
});

describe("parseCsv", () => {
  it("reads back what toCsv wrote: quotes, commas, line breaks, empty cells and guarded formulas", () => {
    const rows = [["a,b", 'say "hi"', "two\r\nlines"], ["", "=SUM(A1)", "-1"]];
    expect(parseCsv(toCsv(["x", "y", "z"], rows))).toEqual([["x", "y", "z"], ["a,b", 'say "hi"', "two\r\nlines"], ["", "=SUM(A1)", "-1"]]);
  });
});
