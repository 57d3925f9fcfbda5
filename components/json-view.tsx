import type { ReactNode } from "react";
import { prettyJson } from "@/lib/domain/diff/pretty-json";
import { MaskedText } from "./masked-text";

const TOKEN = /("(?:[^"\\]|\\.)*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;

/** Pretty JSON with keys sorted, light syntax colouring, and masked placeholders as pills. */
export function JsonView({ value, label }: { value: unknown; label: string }) {
  if (value === null || value === undefined) return <p className="text-gray-500 italic">None sent.</p>;
  const text = prettyJson(value);
  return (
    <pre
      aria-label={label}
      tabIndex={0}
      className="max-h-[32rem] overflow-auto rounded-md border border-gray-200 bg-gray-50 p-3 font-mono text-[12.5px] leading-5 text-gray-800"
    >
      <code>{highlight(text)}</code>
    </pre>
  );
}

function highlight(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    const [whole, str, colon, literal, num] = m;
    if (str !== undefined && colon !== undefined) {
      out.push(
        <span key={m.index} className="text-accent-800">
          {str}
        </span>,
        colon,
      );
    } else if (str !== undefined) {
      out.push(
        <span key={m.index} className="text-green-800">
          <MaskedText text={str} />
        </span>,
      );
    } else if (literal !== undefined) {
      out.push(
        <span key={m.index} className="text-purple-700">
          {literal}
        </span>,
      );
    } else if (num !== undefined) {
      out.push(
        <span key={m.index} className="text-blue-700">
          {num}
        </span>,
      );
    } else out.push(whole);
    last = m.index + whole.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}
