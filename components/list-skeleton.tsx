/** Placeholder rows while a list loads; hidden from assistive technology, which gets the status text. */
export function ListSkeleton({ rows = 4, label = "Loading…" }: { rows?: number; label?: string }) {
  return (
    <div role="status" aria-live="polite">
      <span className="sr-only">{label}</span>
      <ul aria-hidden="true" className="divide-y divide-gray-200 overflow-hidden rounded-lg border border-gray-200 bg-white">
        {Array.from({ length: rows }, (_, i) => (
          <li key={i} className="flex animate-pulse gap-4 px-4 py-4">
            <div className="flex-1 space-y-2">
              <div className="h-3.5 w-2/5 rounded bg-gray-200" />
              <div className="h-3 w-3/5 rounded bg-gray-100" />
            </div>
            <div className="w-24 space-y-2">
              <div className="h-3 rounded bg-gray-100" />
              <div className="h-3 rounded bg-gray-100" />
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
