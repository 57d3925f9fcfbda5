"use client";

import { formatDateTime, formatRelative } from "./format";
import { useNow } from "./use-now";

/**
 * A point in time in the viewer's locale, with the exact ISO timestamp in the tooltip and the
 * `dateTime` attribute. `relative` shows "5 minutes ago" instead, updating as time passes.
 */
export function LocalTime({ iso, relative = false, className }: { iso: string; relative?: boolean; className?: string }) {
  const now = useNow();
  // Before the clock is known (server render, first paint) relative times show the absolute date.
  const text = relative && now ? formatRelative(iso, now) : formatDateTime(iso);
  return (
    <time dateTime={iso} title={iso} className={className} suppressHydrationWarning>
      {text}
    </time>
  );
}
