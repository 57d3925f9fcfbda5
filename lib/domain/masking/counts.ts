import type { MaskCounts, MaskReasons } from "./types";

export function mergeCounts(...counts: MaskCounts[]): MaskCounts {
  const merged: MaskCounts = {};
  for (const c of counts) for (const [kind, n] of Object.entries(c)) merged[kind] = (merged[kind] ?? 0) + n;
  return merged;
}

export function mergeReasons(...reasons: MaskReasons[]): MaskReasons {
  const merged: MaskReasons = {};
  for (const r of reasons) {
    for (const [kind, byReason] of Object.entries(r)) {
      const into = (merged[kind] ??= {});
      for (const [reason, n] of Object.entries(byReason)) into[reason] = (into[reason] ?? 0) + n;
    }
  }
  return merged;
}
