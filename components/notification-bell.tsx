"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import { markNotificationsReadMutation, notificationsQuery } from "@/lib/queries";
import { LocalTime } from "./local-time";

/**
 * The console inbox in the header: a bell with the unread count, opening the latest mentions and
 * replies, each a link to the request's conversation. Opening a request reads its notifications.
 */
export function NotificationBell() {
  const query = useQuery(notificationsQuery());
  const markRead = useMutation(markNotificationsReadMutation(useQueryClient()));
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const unread = query.data?.unread ?? 0;

  useEffect(() => {
    if (!open) return;
    const close = (event: Event) => {
      if (event instanceof KeyboardEvent ? event.key === "Escape" : !root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", close);
    document.addEventListener("mousedown", close);
    return () => {
      document.removeEventListener("keydown", close);
      document.removeEventListener("mousedown", close);
    };
  }, [open]);

  return (
    // On a phone the panel spans the header (which is its positioning box), not the bell.
    <div ref={root} className="sm:relative">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={`Notifications${unread ? `, ${unread} unread` : ""}`}
        onClick={() => setOpen((v) => !v)}
        className="relative flex size-8 items-center justify-center rounded-md text-gray-600 hover:bg-gray-50 hover:text-gray-900"
      >
        <BellIcon />
        {unread > 0 && (
          <span aria-hidden="true" className="absolute -top-0.5 -right-0.5 min-w-4 rounded-full bg-red-600 px-1 text-center text-[10.5px] leading-4 font-semibold text-white">
            {unread > 99 ? "99+" : unread}
          </span>
        )}
      </button>
      {open && (
        <div
          id={panelId}
          role="region"
          aria-label="Notifications"
          className="absolute inset-x-4 top-full z-20 mt-1 rounded-md border border-gray-200 bg-white shadow-lg sm:inset-x-auto sm:right-0 sm:mt-2 sm:w-[22rem]"
        >
          <div className="flex items-center justify-between border-b border-gray-200 px-3 py-2">
            <h2 className="text-[13px] font-semibold text-gray-900">Notifications</h2>
            {unread > 0 && (
              <button type="button" className="text-xs font-medium text-accent-700 hover:underline" onClick={() => markRead.mutate()} disabled={markRead.isPending}>
                Mark all read
              </button>
            )}
          </div>
          {!query.data || query.data.items.length === 0 ? (
            <p className="px-3 py-3 text-[13px] text-gray-600">{query.isError ? "Notifications could not be loaded." : "Nothing yet. You are notified here when someone mentions you or replies to your question."}</p>
          ) : (
            <ul className="max-h-96 divide-y divide-gray-100 overflow-y-auto">
              {query.data.items.map((item) => (
                <li key={item.commentId}>
                  <Link
                    href={`/requests/${item.requestId}#comments`}
                    onClick={() => setOpen(false)}
                    className={`block px-3 py-2 text-[13px] hover:bg-gray-50 ${item.read ? "text-gray-600" : "bg-accent-50/60 text-gray-900"}`}
                  >
                    <span className="font-medium">{item.actorName ?? item.actor}</span> {item.kind === "mention" ? "mentioned you on" : "replied to your question on"}{" "}
                    <span className="font-medium">{item.requestSummary}</span>
                    <span className="block text-xs text-gray-600">
                      <LocalTime iso={item.createdAt} relative />
                      {!item.read && <span className="sr-only">, unread</span>}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

function BellIcon() {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}
