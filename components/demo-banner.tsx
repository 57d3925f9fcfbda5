import "server-only";
import { getConfig } from "@/lib/config";

/** Shown on every page in demo mode, so nobody mistakes the demo for a place for real data. */
export function DemoBanner() {
  if (!getConfig().demoMode) return null;
  return (
    <aside aria-label="Demo mode" className="border-b border-amber-300 bg-amber-50 px-4 py-2 text-center text-[13px] text-amber-950">
      <strong className="font-semibold">Demo mode:</strong> signing in through the bundled development identity provider. Do
      not use with real data.
    </aside>
  );
}
