import type { DiffHunk, DiffLine, FileDiff as FileDiffModel } from "@/lib/domain/diff/types";
import { DiffLineCode } from "./diff-line-code";

export type DiffMode = "unified" | "split";

const ROW_BG: Record<DiffLine["kind"], string> = { add: "bg-green-50", del: "bg-red-50", context: "bg-white" };
// Line numbers stay legible (WCAG AA contrast) on every background: axe checks them.
const NUM_BG: Record<DiffLine["kind"], string> = { add: "bg-green-100/70 text-green-800", del: "bg-red-100/70 text-red-800", context: "bg-white text-gray-500" };
const MARKER: Record<DiffLine["kind"], string> = { add: "+", del: "-", context: " " };
const SR_KIND: Record<DiffLine["kind"], string> = { add: "added", del: "removed", context: "" };

const STATUS_LABEL: Record<FileDiffModel["status"], { text: string; className: string } | null> = {
  added: { text: "New", className: "border-green-300 bg-green-50 text-green-800" },
  deleted: { text: "Deleted", className: "border-red-300 bg-red-50 text-red-800" },
  renamed: { text: "Renamed", className: "border-gray-300 bg-gray-50 text-gray-700" },
  modified: null,
};

const numCell = "w-12 min-w-12 px-2 text-right align-top tabular-nums select-none";
const codeCell = "px-2 align-top whitespace-pre-wrap [overflow-wrap:anywhere]";
/** On a phone, unified lines keep their shape and the diff scrolls sideways inside its box; wider, they wrap. */
const unifiedCodeCell = "px-2 align-top whitespace-pre sm:whitespace-pre-wrap sm:[overflow-wrap:anywhere]";

/** One file of a diff, like a file on GitHub's "Files changed" tab: a header bar, then hunks in either layout. */
export function FileDiff({ file, mode }: { file: FileDiffModel; mode: DiffMode }) {
  const status = STATUS_LABEL[file.status];
  return (
    <section aria-label={`Diff of ${file.displayName}`} className="overflow-hidden rounded-md border border-gray-200">
      <header className="flex flex-wrap items-center gap-2 border-b border-gray-200 bg-gray-50 px-3 py-1.5">
        <DiffStat additions={file.additions} deletions={file.deletions} />
        <span className="min-w-0 truncate font-mono text-[12.5px] font-medium text-gray-900">{file.displayName}</span>
        {status && <span className={`rounded-full border px-2 py-px text-[11px] font-medium ${status.className}`}>{status.text}</span>}
      </header>
      {file.hunks.length === 0 ? (
        <p className="px-3 py-4 text-center text-gray-500">No differences: before and after are the same{file.displayName.endsWith(".json") ? " once keys are sorted" : ""}.</p>
      ) : (
        // Focusable, so a keyboard can scroll it when it is wider than the screen.
        <div className="overflow-x-auto" tabIndex={0}>
          <table className={`w-full border-collapse font-mono text-[12px] leading-5 ${mode === "split" ? "table-fixed" : ""}`}>
            {mode === "split" && (
              <colgroup>
                <col className="w-12" />
                <col />
                <col className="w-12" />
                <col />
              </colgroup>
            )}
            {file.hunks.map((hunk, i) => (mode === "split" ? <SplitHunk key={i} hunk={hunk} /> : <UnifiedHunk key={i} hunk={hunk} />))}
          </table>
        </div>
      )}
    </section>
  );
}

function HunkHeader({ hunk, colSpan }: { hunk: DiffHunk; colSpan: number }) {
  return (
    <tr className="bg-blue-50/80 text-gray-500">
      <td colSpan={colSpan} className="px-3 py-1 text-[11.5px]">
        {hunk.header}
      </td>
    </tr>
  );
}

function UnifiedHunk({ hunk }: { hunk: DiffHunk }) {
  return (
    <tbody>
      <HunkHeader hunk={hunk} colSpan={3} />
      {hunk.lines.map((line, i) => (
        <tr key={i} className={ROW_BG[line.kind]}>
          <td className={`${numCell} ${NUM_BG[line.kind]}`}>{line.oldNumber ?? ""}</td>
          <td className={`${numCell} ${NUM_BG[line.kind]}`}>{line.newNumber ?? ""}</td>
          <td className={`${unifiedCodeCell} w-full text-gray-900`}>
            <span aria-hidden="true" className="mr-1 inline-block w-3 text-gray-500 select-none">
              {MARKER[line.kind]}
            </span>
            {SR_KIND[line.kind] && <span className="sr-only">{SR_KIND[line.kind]}: </span>}
            <DiffLineCode line={line} />
          </td>
        </tr>
      ))}
    </tbody>
  );
}

function SplitHunk({ hunk }: { hunk: DiffHunk }) {
  return (
    <tbody>
      <HunkHeader hunk={hunk} colSpan={4} />
      {hunk.rows.map((row, i) => (
        <tr key={i}>
          <SplitSide line={row.left} number={row.left?.oldNumber ?? null} />
          <SplitSide line={row.right} number={row.right?.newNumber ?? null} divider />
        </tr>
      ))}
    </tbody>
  );
}

function SplitSide({ line, number, divider = false }: { line: DiffLine | null; number: number | null; divider?: boolean }) {
  const border = divider ? "border-l border-gray-200" : "";
  if (!line) {
    return (
      <>
        <td className={`${numCell} ${border} bg-gray-50`} />
        <td className="bg-gray-50" />
      </>
    );
  }
  return (
    <>
      <td className={`${numCell} ${border} ${NUM_BG[line.kind]}`}>{number ?? ""}</td>
      <td className={`${codeCell} ${ROW_BG[line.kind]} text-gray-900`}>
        <span aria-hidden="true" className="mr-1 inline-block w-3 text-gray-500 select-none">
          {MARKER[line.kind]}
        </span>
        {SR_KIND[line.kind] && <span className="sr-only">{SR_KIND[line.kind]}: </span>}
        <DiffLineCode line={line} />
      </td>
    </>
  );
}

/** "+12 −3" with GitHub's five little squares. */
export function DiffStat({ additions, deletions }: { additions: number; deletions: number }) {
  const total = additions + deletions;
  const greens = total === 0 ? 0 : Math.round((additions / total) * 5);
  const reds = total === 0 ? 0 : 5 - greens;
  return (
    <span className="inline-flex items-center gap-1.5 font-mono text-xs" aria-label={`${additions} added, ${deletions} removed lines`}>
      <span className="font-semibold text-green-700">+{additions}</span>
      <span className="font-semibold text-red-700">−{deletions}</span>
      <span aria-hidden="true" className="flex gap-px">
        {Array.from({ length: 5 }, (_, i) => (
          <span key={i} className={`size-2 rounded-[1px] ${i < greens ? "bg-green-600" : i < greens + reds ? "bg-red-600" : "bg-gray-300"}`} />
        ))}
      </span>
    </span>
  );
}
