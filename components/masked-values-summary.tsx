import { describeMaskKind } from "@/lib/domain/masking/kinds";
import { requiredGroup } from "@/lib/domain/masking/scan";
import { pluralize } from "./format";

/**
 * What was masked before the request was stored, by kind and why, so reviewers know what they are not
 * seeing. `reasons` say which field or column named a value ("field `dob`"); values found by their
 * format have none, and requests stored before engine 1.2.0 have none at all.
 */
export function MaskedValuesSummary({ masking, reasons = {} }: { masking: Record<string, number>; reasons?: Record<string, Record<string, number>> }) {
  const entries = Object.entries(masking)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const total = entries.reduce((n, [, count]) => n + count, 0);
  if (total === 0) return <p className="text-gray-600">Nothing in this request looked like a secret or personal data, so nothing was masked.</p>;
  return (
    <div>
      <p className="text-gray-600">
        {pluralize(total, "value")} replaced before storage. Equal values share a fingerprint, so you can compare them without seeing them.
      </p>
      <ul className="mt-3 divide-y divide-gray-100 rounded-md border border-gray-200">
        {entries.map(([kind, count]) => (
          <li key={kind} className="flex items-center justify-between gap-3 px-3 py-1.5">
            <span className="min-w-0">
              <span className="block truncate text-gray-900">{describeMaskKind(kind)}</span>
              <code className="font-mono text-[11px] text-gray-500">{kind}</code>
              {Object.keys(reasons[kind] ?? {}).length > 0 && (
                <span className="mt-0.5 block text-xs text-gray-600">
                  {Object.entries(reasons[kind] ?? {})
                    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
                    .map(([reason, n], i) => (
                      <span key={reason}>
                        {i > 0 && ", "}
                        <Reason text={reason} />
                        {n > 1 && ` ×${n}`}
                      </span>
                    ))}
                </span>
              )}
            </span>
            <span className="shrink-0 rounded-full bg-amber-100 px-2 py-px text-xs font-semibold text-amber-900 tabular-nums">{count}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** "column `ssn`": the name between backticks is shown as code. */
function Reason({ text }: { text: string }) {
  const named = /^(.*?)`([^`]+)`(.*)$/.exec(text);
  if (!named) return <>{text}</>;
  return (
    <>
      {requiredGroup(named, 1)}
      <code className="font-mono text-[11px] break-all text-gray-700">{requiredGroup(named, 2)}</code>
      {requiredGroup(named, 3)}
    </>
  );
}
