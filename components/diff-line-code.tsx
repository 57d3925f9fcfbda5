import type { DiffLine } from "@/lib/domain/diff/types";
import { MaskedText } from "./masked-text";

/** One line's code: changed words highlighted when the line is paired, placeholders always shown as pills. */
export function DiffLineCode({ line }: { line: DiffLine }) {
  const strong = line.kind === "add" ? "bg-green-200/80 rounded-xs" : "bg-red-200/80 rounded-xs";
  return (
    <>
      {line.segments
        ? line.segments.map((segment, i) =>
            segment.changed ? (
              <span key={i} className={strong}>
                <MaskedText text={segment.text} />
              </span>
            ) : (
              <MaskedText key={i} text={segment.text} />
            ),
          )
        : <MaskedText text={line.text} />}
      {line.text === "" && !line.segments && "\u200b"}
      {line.noNewlineAtEnd && (
        <span className="ml-2 text-[11px] text-gray-600 select-none" title="No newline at end of file">
          ⊘ no newline at end
        </span>
      )}
    </>
  );
}
