import { describe, expect, it } from "vitest";
import { maskToFixpoint } from "./engine";
import { createFingerprinter } from "./fingerprint";
import type { Finding } from "./types";

const fingerprint = createFingerprinter("engine-test-key");

/** A detector pair that glues: `tokB` is refused right after a word character, as token formats are. */
function gluingFinder(scanned: number[]) {
  return (text: string): Finding[] => {
    scanned.push(text.length);
    const out: Finding[] = [];
    for (const m of text.matchAll(/SECRETA/g)) out.push({ start: m.index, end: m.index + 7, kind: "secret", priority: 100 });
    for (const m of text.matchAll(/(?<![A-Za-z0-9])tokB[0-9]+/g)) out.push({ start: m.index, end: m.index + m[0].length, kind: "api_key", priority: 100 });
    return out;
  };
}

describe("masking to a fixpoint", () => {
  it("rescans only a window around a placeholder glued to a word, and ends idempotent", () => {
    const filler = "ordinary log line with nothing in it\n".repeat(2000);
    const text = `${filler}value SECRETAtokB12345 end\n${filler}`;
    const scanned: number[] = [];
    const once = maskToFixpoint(text, gluingFinder(scanned), fingerprint);
    expect(once.text).toMatch(/value \[secret:[0-9a-f]{6}\]\[api_key:[0-9a-f]{6}\] end/);
    expect(once.counts).toEqual({ secret: 1, api_key: 1 });
    expect(scanned).toHaveLength(2);
    expect(scanned[1]).toBeLessThan(12_000); // ±4 KB around the placeholder, not the ~150 KB text
    const again = maskToFixpoint(once.text, gluingFinder([]), fingerprint);
    expect(again.text).toBe(once.text);
    expect(again.counts).toEqual({});
  });

  it("does not rescan when no placeholder it wrote touches a word", () => {
    const scanned: number[] = [];
    maskToFixpoint("a SECRETA b tokB1 c", gluingFinder(scanned), fingerprint);
    expect(scanned).toHaveLength(1);
  });

  it("does not swallow a line break after a value ending in a backslash (property-test counterexample)", () => {
    const text = "kind: Secret\ndata:\n  a:  \\\n 0 ";
    const once = maskToFixpoint(text, () => [{ start: text.indexOf("\\"), end: text.indexOf("\\") + 1, kind: "secret", priority: 1 }], fingerprint).text;
    expect(once).toContain("\n 0 ");
  });
});
