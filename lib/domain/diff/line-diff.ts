import { diffWordsWithSpace, structuredPatch, type StructuredPatch, type StructuredPatchHunk } from "diff";
import type { DiffHunk, DiffLine, FileDiff, FileStatus, Segment, SplitRow } from "./types";

/** Lines longer than this are not word-diffed: the cost grows with the product of lengths. */
const MAX_WORD_DIFF_LENGTH = 1000;
/** Below this share of unchanged characters, highlighting words is noise: the whole line changed. */
const MIN_SHARED_RATIO = 0.3;

/** A hunk from the `diff` package (created or parsed) as numbered lines plus aligned side-by-side rows. */
function hunkFromStructured(hunk: StructuredPatchHunk): DiffHunk {
  // A zero-length range names the line *before* it (`@@ -0,0 +1,2 @@` adds lines 1-2 to an empty file).
  let oldNumber = hunk.oldLines === 0 ? hunk.oldStart + 1 : hunk.oldStart;
  let newNumber = hunk.newLines === 0 ? hunk.newStart + 1 : hunk.newStart;
  const lines: DiffLine[] = [];
  for (const raw of hunk.lines) {
    const marker = raw[0];
    const text = raw.slice(1);
    if (marker === "\\") {
      const previous = lines[lines.length - 1];
      if (previous) previous.noNewlineAtEnd = true;
    } else if (marker === "+") {
      lines.push({ kind: "add", oldNumber: null, newNumber: newNumber++, text });
    } else if (marker === "-") {
      lines.push({ kind: "del", oldNumber: oldNumber++, newNumber: null, text });
    } else {
      // " " context, or "" when a tool stripped the trailing space of an empty context line.
      lines.push({ kind: "context", oldNumber: oldNumber++, newNumber: newNumber++, text: marker === " " ? text : raw });
    }
  }
  return {
    header: `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`,
    oldStart: hunk.oldStart,
    oldLines: hunk.oldLines,
    newStart: hunk.newStart,
    newLines: hunk.newLines,
    lines,
    rows: alignRows(lines),
  };
}

/**
 * Side-by-side rows: context on both sides; within each change block, the n-th deleted line faces the
 * n-th added line (and gets word-level highlights against it), the longer side running on alone.
 */
function alignRows(lines: DiffLine[]): SplitRow[] {
  const rows: SplitRow[] = [];
  // The change block being read: its deleted lines, then its added lines.
  let dels: DiffLine[] = [];
  let adds: DiffLine[] = [];
  const endBlock = () => {
    const n = Math.max(dels.length, adds.length);
    for (let k = 0; k < n; k++) {
      const left = dels[k] ?? null;
      const right = adds[k] ?? null;
      if (left && right) highlightWords(left, right);
      rows.push({ left, right });
    }
    dels = [];
    adds = [];
  };
  for (const line of lines) {
    if (line.kind === "context") {
      endBlock();
      rows.push({ left: line, right: line });
    } else if (line.kind === "del") {
      if (adds.length > 0) endBlock(); // a deletion after additions starts the next block
      dels.push(line);
    } else {
      adds.push(line);
    }
  }
  endBlock();
  return rows;
}

function highlightWords(del: DiffLine, add: DiffLine): void {
  if (del.text.length > MAX_WORD_DIFF_LENGTH || add.text.length > MAX_WORD_DIFF_LENGTH) return;
  const changes = diffWordsWithSpace(del.text, add.text);
  const shared = changes.filter((c) => !c.added && !c.removed).reduce((n, c) => n + c.value.length, 0);
  const longest = Math.max(del.text.length, add.text.length);
  if (longest === 0 || shared / longest < MIN_SHARED_RATIO) return;
  del.segments = mergeSegments(changes.filter((c) => !c.added).map((c) => ({ text: c.value, changed: c.removed })));
  add.segments = mergeSegments(changes.filter((c) => !c.removed).map((c) => ({ text: c.value, changed: c.added })));
}

function mergeSegments(segments: Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const segment of segments) {
    const last = out[out.length - 1];
    if (last && last.changed === segment.changed) last.text += segment.text;
    else if (segment.text) out.push({ ...segment });
  }
  return out;
}

function countLines(hunks: DiffHunk[]) {
  let additions = 0;
  let deletions = 0;
  for (const hunk of hunks)
    for (const line of hunk.lines) {
      if (line.kind === "add") additions++;
      else if (line.kind === "del") deletions++;
    }
  return { additions, deletions };
}

const DEV_NULL = "/dev/null";

/** Git prefixes paths with `a/` and `b/`; people want the path. */
function cleanNames(patch: StructuredPatch): { oldName: string | null; newName: string | null } {
  let oldName = patch.oldFileName && patch.oldFileName !== DEV_NULL ? patch.oldFileName : null;
  let newName = patch.newFileName && patch.newFileName !== DEV_NULL ? patch.newFileName : null;
  const gitPrefixed = (oldName === null || oldName.startsWith("a/")) && (newName === null || newName.startsWith("b/"));
  if (gitPrefixed && (oldName !== null || newName !== null)) {
    oldName = oldName?.slice(2) ?? null;
    newName = newName?.slice(2) ?? null;
  }
  return { oldName, newName };
}

/** A file of a parsed unified patch. */
export function fileFromStructured(patch: StructuredPatch): FileDiff {
  const { oldName, newName } = cleanNames(patch);
  const hunks = patch.hunks.map(hunkFromStructured);
  let status: FileStatus = "modified";
  if (patch.oldFileName === DEV_NULL) status = "added";
  else if (patch.newFileName === DEV_NULL) status = "deleted";
  else if (patch.isRename || (oldName !== null && newName !== null && oldName !== newName)) status = "renamed";
  const displayName =
    status === "renamed" ? `${oldName} → ${newName}` : (newName ?? oldName ?? "(unnamed file)");
  return { oldName, newName, displayName, status, hunks, ...countLines(hunks) };
}

/** Diffs two texts line by line (CRLF and LF compare equal) into one file of hunks with `context` lines around changes. */
export function diffTexts(before: string, after: string, options: { name: string; context?: number }): FileDiff {
  const oldText = normalizeNewlines(before);
  const newText = normalizeNewlines(after);
  const patch = structuredPatch(options.name, options.name, oldText, newText, undefined, undefined, {
    context: options.context ?? 3,
  });
  const hunks = patch.hunks.map(hunkFromStructured);
  const status: FileStatus = oldText === "" && newText !== "" ? "added" : newText === "" && oldText !== "" ? "deleted" : "modified";
  return { oldName: options.name, newName: options.name, displayName: options.name, status, hunks, ...countLines(hunks) };
}

function normalizeNewlines(text: string): string {
  return text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
}
