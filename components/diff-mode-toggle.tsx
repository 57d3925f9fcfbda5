"use client";

import type { DiffMode } from "./file-diff";

const MODES: { mode: DiffMode; label: string }[] = [
  { mode: "unified", label: "Unified" },
  { mode: "split", label: "Side-by-side" },
];

/** GitHub's Unified / Split switch: two toggle buttons, the current one pressed. */
export function DiffModeToggle({ mode, onChange }: { mode: DiffMode; onChange: (mode: DiffMode) => void }) {
  return (
    <div role="group" aria-label="Diff layout" className="inline-flex rounded-md border border-gray-300 bg-white p-0.5 shadow-xs">
      {MODES.map((m) => (
        <button
          key={m.mode}
          type="button"
          aria-pressed={mode === m.mode}
          onClick={() => onChange(m.mode)}
          className={`rounded px-2.5 py-0.5 text-xs font-medium ${mode === m.mode ? "bg-gray-900 text-white" : "text-gray-700 hover:bg-gray-100"}`}
        >
          {m.label}
        </button>
      ))}
    </div>
  );
}
