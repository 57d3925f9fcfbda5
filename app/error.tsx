"use client";

import { ErrorPanel } from "@/components/error-panel";

/**
 * A page that failed on the server. Next.js hides the error's text from the browser in production, so
 * this says what is safe to say; when the console knows why (its database does not answer), the
 * banner above the page says so.
 */
export default function PageError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto mt-8 max-w-lg">
      <ErrorPanel
        title="This page could not be loaded"
        error={new Error("Countersign could not load this page just now. Nothing was changed. Try again in a moment; if it keeps failing, tell your operator.")}
        onRetry={reset}
      />
    </div>
  );
}
