import type { SinceChange } from "@/lib/domain/request/since-last-looked";

const MARK: Record<SinceChange["kind"], string> = {
  decision: "bg-green-600",
  comment: "bg-accent-600",
  status: "bg-amber-500",
  stage: "bg-purple-600",
};

/** What happened on the request since the viewer last looked, above everything else on the page. */
export function SinceLastLooked({ changes }: { changes: SinceChange[] }) {
  if (changes.length === 0) return null;
  return (
    <section id="since-last-looked" aria-labelledby="since-last-looked-heading" className="rounded-lg border border-accent-300 bg-accent-50 px-4 py-3">
      <h2 id="since-last-looked-heading" className="text-sm font-semibold text-gray-900">
        Since you last looked
      </h2>
      <ul className="mt-1.5 space-y-1 text-[13px] text-gray-800">
        {changes.map((change, i) => (
          <li key={`${change.eventId}-${i}`} className="flex items-baseline gap-2 break-words">
            <span aria-hidden="true" className={`inline-block size-2 shrink-0 rounded-full ${MARK[change.kind]}`} />
            {change.text}
          </li>
        ))}
      </ul>
    </section>
  );
}
