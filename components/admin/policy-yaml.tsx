/** A policy version's YAML, read-only, with its own accessible name so it can be found and scrolled. */
export function PolicyYaml({ yaml, label }: { yaml: string; label: string }) {
  return (
    <pre tabIndex={0} aria-label={label} className="max-h-[28rem] overflow-auto rounded-md border border-gray-200 bg-gray-50 p-3 font-mono text-[12px] leading-5 text-gray-900">
      <code>{yaml}</code>
    </pre>
  );
}
