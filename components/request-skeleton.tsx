/** The request page's shape while it loads. */
export function RequestSkeleton() {
  return (
    <div role="status" aria-live="polite" className="space-y-6">
      <span className="sr-only">Loading request…</span>
      <div aria-hidden="true" className="animate-pulse space-y-6">
        <div className="space-y-3 border-b border-gray-200 pb-5">
          <div className="h-7 w-1/2 rounded bg-gray-200" />
          <div className="h-4 w-1/3 rounded bg-gray-100" />
          <div className="grid grid-cols-4 gap-8">
            {Array.from({ length: 4 }, (_, i) => (
              <div key={i} className="h-8 rounded bg-gray-100" />
            ))}
          </div>
        </div>
        <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_300px]">
          <div className="space-y-5">
            {[24, 40, 32].map((h, i) => (
              <div key={i} className="rounded-lg border border-gray-200 bg-white" style={{ height: `${h * 4}px` }} />
            ))}
          </div>
          <div className="space-y-5">
            {[48, 28].map((h, i) => (
              <div key={i} className="rounded-lg border border-gray-200 bg-white" style={{ height: `${h * 4}px` }} />
            ))}
          </div>
        </div>
      </div>
    </div>
  );
}
