"use client";

import { useQuery } from "@tanstack/react-query";
import { freezeQuery } from "@/lib/queries";
import { frozenByText } from "./format";
import { LocalTime } from "./local-time";

/**
 * On every page while approvals are frozen, for everyone signed in: nothing can be decided, so
 * nobody should wonder why. Polled, so a freeze from elsewhere appears without a reload.
 */
export function FreezeBanner() {
  const { data } = useQuery(freezeQuery());
  const freeze = data?.freeze;
  if (!freeze) return null;
  return (
    <aside aria-label="Approvals frozen" className="border-b border-red-300 bg-red-50 px-4 py-2 text-center text-[13px] text-red-950">
      <strong className="font-semibold">Approvals are frozen:</strong> <span className="break-words">{freeze.message}</span>{" "}
      <span className="text-red-900/80">
        (by {frozenByText(freeze.frozenBy)}, <LocalTime iso={freeze.frozenAt} relative />
        ). Pending requests cannot be decided and new ones are rejected until an administrator lifts it.
      </span>
    </aside>
  );
}
