import type { ReactNode } from "react";

/**
 * A white bordered section with a heading bar, the basic block of every page. The heading names the
 * section landmark (`aria-labelledby`), so screen-reader users can jump between cards.
 */
export function Card({
  id,
  title,
  actions,
  children,
  flush = false,
}: {
  id: string;
  title: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  /** No inner padding: for tables and diffs that run edge to edge. */
  flush?: boolean;
}) {
  const headingId = `${id}-heading`;
  return (
    <section id={id} aria-labelledby={headingId} className="overflow-hidden rounded-lg border border-gray-200 bg-white shadow-xs">
      <div className="flex min-h-10 flex-wrap items-center justify-between gap-2 border-b border-gray-200 bg-gray-50/70 px-4 py-2">
        <h2 id={headingId} className="text-sm font-semibold text-gray-900">
          {title}
        </h2>
        {actions && <div className="flex items-center gap-2">{actions}</div>}
      </div>
      <div className={flush ? "" : "p-4"}>{children}</div>
    </section>
  );
}
