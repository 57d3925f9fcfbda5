"use client";

import { isApiError } from "@/lib/queries";

/**
 * A server refusal or failure, readably: the problem's detail, each rejected field, and the request id
 * to quote when reporting it. `role="alert"` so it is announced when it appears.
 */
export function ErrorPanel({ error, title, onRetry, compact = false }: { error: unknown; title?: string; onRetry?: () => void; compact?: boolean }) {
  const api = isApiError(error) ? error : null;
  const detail = api ? api.detail : error instanceof Error ? error.message : "Something went wrong.";
  return (
    <div role="alert" className={`rounded-md border border-red-200 bg-red-50 text-red-900 ${compact ? "px-3 py-2 text-[13px]" : "px-4 py-3"}`}>
      {(title ?? api?.title) && <p className="font-semibold">{title ?? api?.title}</p>}
      <p className={title || api?.title ? "mt-0.5" : ""}>{detail}</p>
      {api && api.fieldErrors.length > 0 && (
        <ul className="mt-1 list-disc pl-5">
          {api.fieldErrors.map((f, i) => (
            <li key={i}>
              {f.path && f.path !== "(body)" && <code className="font-mono text-xs">{f.path}</code>}
              {f.path && f.path !== "(body)" && ": "}
              {f.message}
            </li>
          ))}
        </ul>
      )}
      {(api?.requestId || onRetry) && (
        <div className="mt-2 flex flex-wrap items-center gap-3 text-xs text-red-800/80">
          {onRetry && (
            <button type="button" onClick={onRetry} className="rounded-md border border-red-300 bg-white px-2 py-0.5 font-medium text-red-800 hover:bg-red-100">
              Try again
            </button>
          )}
          {api?.requestId && (
            <span>
              Request id <code className="font-mono">{api.requestId}</code>
            </span>
          )}
        </div>
      )}
    </div>
  );
}
