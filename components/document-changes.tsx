import type { AttributeChange } from "@/lib/domain/diff/types";
import { MaskedText } from "./masked-text";

/**
 * The changes inside a JSON document that travels as a string (an IAM policy, a manifest, a JSON
 * column), one line per changed path: `Statement[0].Action: "s3:GetObject" → "s3:*"`. Documents
 * inside documents nest below their path.
 */
export function DocumentChanges({ changes, label }: { changes: AttributeChange[]; label: string }) {
  return (
    <ul aria-label={label} className="space-y-0.5 font-mono text-[12px] leading-5">
      {changes.map((change) => (
        <li key={change.path} className="break-all">
          <span className="font-medium text-gray-900">{change.path}</span>
          <span className="text-gray-500">: </span>
          {change.document ? (
            <>
              <DocumentNote count={change.document.length} />
              <div className="mt-0.5 border-l-2 border-gray-200 pl-3">
                <DocumentChanges changes={change.document} label={`Changes inside ${change.path}`} />
              </div>
            </>
          ) : (
            <ValueChange change={change} />
          )}
        </li>
      ))}
    </ul>
  );
}

/** What replaces two escaped strings: they hold a document, diffed below. */
export function DocumentNote({ count }: { count: number }) {
  return (
    <span className="font-sans text-[11.5px] text-gray-600">
      JSON document, {count} {count === 1 ? "change" : "changes"} inside
    </span>
  );
}

function ValueChange({ change }: { change: AttributeChange }) {
  return (
    <>
      {change.before === null ? (
        <span className="text-gray-400">(absent)</span>
      ) : (
        <del className="rounded-xs bg-red-50 px-0.5 text-red-900 no-underline">
          <MaskedText text={change.before} />
        </del>
      )}
      <span className="text-gray-500"> → </span>
      {change.after === null ? (
        <span className="text-gray-400">(removed)</span>
      ) : (
        <ins className="rounded-xs bg-green-50 px-0.5 text-green-900 no-underline">
          <MaskedText text={change.after} />
        </ins>
      )}
    </>
  );
}
