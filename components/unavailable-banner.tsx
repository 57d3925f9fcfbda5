/**
 * Shown on every page while the console cannot reach its database: the person is still signed in
 * (their cookie was presented), so the sign-in page would be the wrong answer.
 */
export function UnavailableBanner() {
  return (
    <aside role="alert" aria-label="The console is unavailable" className="border-b border-red-300 bg-red-50 px-4 py-2 text-center text-[13px] text-red-950">
      <strong className="font-semibold">The console cannot reach its database.</strong> You are still signed in and nothing was
      changed; try again shortly.
    </aside>
  );
}
