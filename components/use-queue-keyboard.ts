"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { isTyping } from "./keyboard-help";

/**
 * The queue's keys: j/k move through the rows (focusing each row's link, so Enter opens it too),
 * o opens the current row, / goes to the search field, ? shows the help. Keys typed into a field are left alone.
 */
export function useQueueKeyboard(ids: string[]) {
  const router = useRouter();
  const [current, setCurrent] = useState<string | null>(null);
  const [help, setHelp] = useState(false);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event)) return;
      if (event.key === "?") {
        event.preventDefault();
        setHelp(true);
        return;
      }
      if (event.key === "/") {
        event.preventDefault();
        document.getElementById("queue-search")?.focus();
        return;
      }
      if (ids.length === 0) return;
      const index = current ? ids.indexOf(current) : -1;
      if (event.key === "j" || event.key === "k") {
        event.preventDefault();
        const next = ids[event.key === "j" ? Math.min(index + 1, ids.length - 1) : Math.max(index - 1, 0)]!;
        setCurrent(next);
        const link = document.querySelector<HTMLElement>(`[data-queue-row="${next}"] [data-queue-link]`);
        link?.focus();
        link?.scrollIntoView({ block: "nearest" });
      } else if (event.key === "o" && current && index >= 0) {
        event.preventDefault();
        router.push(`/requests/${current}`);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [ids, current, router]);
  return { current, help, closeHelp: () => setHelp(false) };
}
