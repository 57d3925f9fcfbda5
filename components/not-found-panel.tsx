import Link from "next/link";

/** A request that does not exist, or that this person may not know about (the API answers 404 for both). */
export function NotFoundPanel() {
  return (
    <section aria-labelledby="not-found-heading" className="mx-auto mt-8 max-w-lg rounded-lg border border-gray-200 bg-white p-8 text-center shadow-xs">
      <h1 id="not-found-heading" className="text-lg font-semibold">
        Request not found
      </h1>
      <p className="mt-2 text-gray-600">No request has that id. It may have been mistyped, or the link may be from another Countersign instance.</p>
      <p className="mt-4">
        <Link href="/queue" className="font-medium text-accent-700 hover:underline">
          Back to the queue
        </Link>
      </p>
    </section>
  );
}
