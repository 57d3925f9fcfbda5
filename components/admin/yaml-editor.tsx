"use client";

import { useRef } from "react";

/**
 * A plain textarea with line numbers, so the line an error names can be found at a glance; lines with
 * an error are marked in the gutter. Plain on purpose: it is a form field to assistive technology.
 */
export function YamlEditor({
  value,
  onChange,
  errorLines,
  label,
  describedBy,
}: {
  value: string;
  onChange: (value: string) => void;
  errorLines: ReadonlySet<number>;
  label: string;
  describedBy?: string;
}) {
  const gutter = useRef<HTMLDivElement>(null);
  const lines = value.split("\n").length;
  return (
    <div className="flex h-[30rem] overflow-hidden rounded-md border border-gray-300 bg-white shadow-xs focus-within:border-accent-500 focus-within:ring-2 focus-within:ring-accent-200">
      <div ref={gutter} aria-hidden="true" className="overflow-hidden border-r border-gray-200 bg-gray-50 pt-2 pb-8 font-mono text-[12px] leading-5 text-gray-400 select-none">
        {Array.from({ length: lines }, (_, i) => (
          <div key={i} className={`px-2 text-right tabular-nums ${errorLines.has(i + 1) ? "bg-red-100 font-semibold text-red-700" : ""}`}>
            {i + 1}
          </div>
        ))}
      </div>
      <textarea
        aria-label={label}
        aria-describedby={describedBy}
        value={value}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        wrap="off"
        onChange={(e) => onChange(e.target.value)}
        onScroll={(e) => {
          if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
        }}
        className="min-w-0 flex-1 resize-none overflow-auto px-3 py-2 font-mono text-[12px] leading-5 text-gray-900 focus:outline-none"
      />
    </div>
  );
}
