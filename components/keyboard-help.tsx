"use client";

import { useEffect, useRef } from "react";
import { SECONDARY_BUTTON } from "./control-styles";

export type Shortcut = { keys: string; does: string };

/** The `?` help: a modal dialog (native, so focus and Escape behave) listing the page's keyboard shortcuts. */
export function KeyboardHelp({ open, onClose, shortcuts }: { open: boolean; onClose: () => void; shortcuts: Shortcut[] }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <dialog
      ref={dialog}
      aria-labelledby="keyboard-help-title"
      onClose={onClose}
      className="m-auto w-[min(26rem,calc(100vw-2rem))] rounded-lg border border-gray-200 bg-white p-5 shadow-lg backdrop:bg-gray-900/30"
    >
      <h2 id="keyboard-help-title" className="text-base font-semibold text-gray-900">
        Keyboard shortcuts
      </h2>
      <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-[13px]">
        {shortcuts.map((s) => (
          <div key={s.keys} className="contents">
            <dt>
              <kbd className="rounded border border-gray-300 bg-gray-50 px-1.5 py-px font-mono text-xs text-gray-800">{s.keys}</kbd>
            </dt>
            <dd className="text-gray-700">{s.does}</dd>
          </div>
        ))}
      </dl>
      <div className="mt-4 flex justify-end">
        <button type="button" onClick={onClose} className={SECONDARY_BUTTON}>
          Close
        </button>
      </div>
    </dialog>
  );
}

/** Whether a key press belongs to a field being typed in (or carries a modifier), so shortcuts leave it alone. */
export function isTyping(event: KeyboardEvent): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey) return true;
  const target = event.target as HTMLElement | null;
  return !!target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName) || !!target.closest("dialog[open]"));
}
