import Link from "next/link";

/** What a signed-in person without the needed role sees instead of a page: why, and where they can go. */
export function AccessDenied({ what, needs }: { what: string; needs: string }) {
  return (
    <section aria-labelledby="access-denied-heading" className="mx-auto mt-8 max-w-lg rounded-lg border border-gray-200 bg-white p-8 text-center shadow-xs">
      <div aria-hidden="true" className="mx-auto flex size-10 items-center justify-center rounded-full bg-gray-100 text-gray-500">
        <svg viewBox="0 0 16 16" className="size-5" fill="currentColor">
          <path d="M4 7V5a4 4 0 1 1 8 0v2h.5A1.5 1.5 0 0 1 14 8.5v5a1.5 1.5 0 0 1-1.5 1.5h-9A1.5 1.5 0 0 1 2 13.5v-5A1.5 1.5 0 0 1 3.5 7H4Zm1.5 0h5V5a2.5 2.5 0 0 0-5 0v2Z" />
        </svg>
      </div>
      <h1 id="access-denied-heading" className="mt-4 text-lg font-semibold">
        You don&apos;t have access
      </h1>
      <p className="mt-2 text-gray-600">
        {what} is only available to {needs}. If you need it, ask your administrator to add you to the right group in your identity provider,
        then sign in again.
      </p>
      <p className="mt-4">
        <Link href="/" className="font-medium text-accent-700 hover:underline">
          Go to the start page
        </Link>
      </p>
    </section>
  );
}
