import type { MaskCounts } from "./types";

export function mergeCounts(...counts: MaskCounts[]): MaskCounts {
  const merged: MaskCounts = {};
  for (const c of counts) for (const [kind, n] of Object.entries(c)) merged[kind] = (merged[kind] ?? 0) + n;
  return merged;
}
