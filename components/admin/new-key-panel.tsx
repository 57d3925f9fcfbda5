"use client";

import { CopyButton } from "../copy-button";
import { SECONDARY_BUTTON } from "../control-styles";

/**
 * A key just made, shown this once: the server keeps only its hash, so closing the panel (or leaving
 * the page) is the last time anyone sees it.
 */
export function NewKeyPanel({ agentName, apiKey, onDone }: { agentName: string; apiKey: string; onDone: () => void }) {
  return (
    <section aria-labelledby="new-key-heading" role="status" className="rounded-lg border border-green-300 bg-green-50 px-4 py-3 text-green-950 shadow-xs">
      <h2 id="new-key-heading" className="font-semibold">
        New key for {agentName}
      </h2>
      <p className="mt-1 text-[13px]">Copy it now and give it to the agent: it is shown only this once, and Countersign keeps only a hash of it.</p>
      <div className="mt-2 flex items-center gap-2">
        <code aria-label="API key" className="min-w-0 flex-1 rounded-md border border-green-200 bg-white px-2 py-1.5 font-mono text-[12.5px] break-all select-all text-gray-900">
          {apiKey}
        </code>
        <CopyButton value={apiKey} label="Copy API key" />
      </div>
      <button type="button" onClick={onDone} className={`${SECONDARY_BUTTON} mt-3`}>
        I have copied it
      </button>
    </section>
  );
}
