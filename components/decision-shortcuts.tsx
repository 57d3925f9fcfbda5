"use client";

import { useEffect, useState } from "react";
import { isTyping, KeyboardHelp } from "./keyboard-help";

type Intent = "Approve" | "Reject";

const SHORTCUTS = [
  { keys: "a", does: "Approve: go to the Reason field; Ctrl+Enter there approves" },
  { keys: "r", does: "Reject: go to the Reason field; Ctrl+Enter there rejects" },
  { keys: "Esc", does: "Leave the Reason field without deciding" },
  { keys: "?", does: "Show these shortcuts" },
];

/** The decision panel's Reason field and its buttons, found by their names as assistive technology finds them. */
const reasonField = () => document.querySelector<HTMLTextAreaElement>('#decision textarea[name="reason"]');
const decisionButton = (intent: Intent) => [...document.querySelectorAll<HTMLButtonElement>("#decision button")].find((b) => b.textContent?.trim() === intent);

/**
 * Keyboard decisions on the request page: `a` or `r` puts the cursor in the Reason field with that
 * decision in mind, and Ctrl+Enter (⌘+Enter) there presses its button, the same button a click
 * would; `?` lists the keys. Nothing is decided by a single key press.
 */
export function DecisionShortcuts() {
  const [intent, setIntent] = useState<Intent | null>(null);
  const [help, setHelp] = useState(false);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const field = reasonField();
      if (intent && event.target === field && event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        decisionButton(intent)?.click();
        setIntent(null);
        return;
      }
      if (intent && event.target === field && event.key === "Escape") {
        setIntent(null);
        field?.blur();
        return;
      }
      if (isTyping(event)) return;
      if (event.key === "?") {
        event.preventDefault();
        setHelp(true);
      } else if ((event.key === "a" || event.key === "r") && field && decisionButton(event.key === "a" ? "Approve" : "Reject")) {
        event.preventDefault();
        setIntent(event.key === "a" ? "Approve" : "Reject");
        field.focus();
        field.scrollIntoView({ block: "center" });
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [intent]);
  return (
    <>
      <p role="status" className={intent ? "fixed inset-x-4 bottom-4 z-20 mx-auto max-w-md rounded-md border border-gray-300 bg-white px-3 py-2 text-[13px] text-gray-800 shadow-lg" : "sr-only"}>
        {intent && `Write your reason, then press Ctrl+Enter to ${intent.toLowerCase()}, or Esc to leave.`}
      </p>
      <KeyboardHelp open={help} onClose={() => setHelp(false)} shortcuts={SHORTCUTS} />
    </>
  );
}
