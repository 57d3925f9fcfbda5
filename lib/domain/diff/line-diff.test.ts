import { assert, describe, expect, it } from "vitest";
import { diffTexts } from "./line-diff";

const shape = (lines: { kind: string; oldNumber: number | null; newNumber: number | null; text: string }[]) =>
  lines.map((l) => [l.kind, l.oldNumber, l.newNumber, l.text]);

describe("diffTexts", () => {
  it("numbers old and new lines independently and counts changes", () => {
    const file = diffTexts("a\nb\nc\n", "a\nB\nc\nd\n", { name: "f.txt" });
    expect(file.additions).toBe(2);
    expect(file.deletions).toBe(1);
    expect(file.hunks).toHaveLength(1);
    const [hunk] = file.hunks;
    assert.isDefined(hunk);
    expect(hunk.header).toBe("@@ -1,3 +1,4 @@");
    expect(shape(hunk.lines)).toEqual([
      ["context", 1, 1, "a"],
      ["del", 2, null, "b"],
      ["add", null, 2, "B"],
      ["context", 3, 3, "c"],
      ["add", null, 4, "d"],
    ]);
  });

  it("aligns a deletion with the addition that replaces it, and lets the longer side run on", () => {
    const file = diffTexts("keep\nold1\nold2\nend\n", "keep\nnew1\nend\n", { name: "f" });
    const [hunk] = file.hunks;
    assert.isDefined(hunk);
    const rows = hunk.rows.map((r) => [r.left?.text ?? null, r.right?.text ?? null]);
    expect(rows).toEqual([
      ["keep", "keep"],
      ["old1", "new1"],
      ["old2", null],
      ["end", "end"],
    ]);
    // Right-hand numbers follow the new file even when the left side runs on.
    expect(hunk.rows[3]?.right?.newNumber).toBe(3);
    expect(hunk.rows[3]?.left?.oldNumber).toBe(4);
  });

  it("splits far-apart changes into separate hunks with three lines of context", () => {
    const before = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
    const after = before.replace("line 2\n", "line two\n").replace("line 28\n", "line twenty-eight\n");
    const file = diffTexts(before, after, { name: "f" });
    expect(file.hunks.map((h) => h.header)).toEqual(["@@ -1,5 +1,5 @@", "@@ -25,6 +25,6 @@"]);
    expect(file.hunks[1]?.lines.find((l) => l.kind === "del")).toMatchObject({ oldNumber: 28, text: "line 28" });
  });

  it("highlights only the words that changed in a paired line", () => {
    const file = diffTexts('timeout = 30\nname = "api"\n', 'timeout = 60\nname = "api"\n', { name: "f" });
    const [del, add] = file.hunks[0]?.lines.filter((l) => l.kind !== "context") ?? [];
    assert.isDefined(del);
    assert.isDefined(add);
    expect(del.segments).toEqual([
      { text: "timeout = ", changed: false },
      { text: "30", changed: true },
    ]);
    expect(add.segments).toEqual([
      { text: "timeout = ", changed: false },
      { text: "60", changed: true },
    ]);
  });

  it("does not word-highlight lines that share almost nothing", () => {
    const file = diffTexts("alpha beta gamma\n", "one two three four\n", { name: "f" });
    expect(file.hunks[0]?.lines.every((l) => l.segments === undefined)).toBe(true);
  });

  it("marks a missing final newline on the line instead of emitting it as a line", () => {
    const file = diffTexts("a\n", "a\nb", { name: "f" });
    const lines = file.hunks[0]?.lines;
    expect(lines?.map((l) => l.text)).toEqual(["a", "b"]);
    expect(lines?.[1]?.noNewlineAtEnd).toBe(true);
  });

  it("treats CRLF and LF as the same line ending", () => {
    expect(diffTexts("a\r\nb\r\n", "a\nb\n", { name: "f" }).hunks).toEqual([]);
  });

  it("reports an empty before as an added file numbered from line 1", () => {
    const file = diffTexts("", "x\ny\n", { name: "f" });
    expect(file.status).toBe("added");
    expect(shape(file.hunks[0]?.lines ?? [])).toEqual([
      ["add", null, 1, "x"],
      ["add", null, 2, "y"],
    ]);
  });
});
