/**
 * Shown on every page while sealing has stalled: events written since are not yet covered by a
 * checkpoint outside the database, so high-risk rules issue no grants until it recovers.
 */
export function SealingBanner({ message }: { message: string }) {
  return (
    <aside aria-label="Sealing has stalled" className="border-b border-red-300 bg-red-50 px-4 py-2 text-center text-[13px] text-red-950">
      <strong className="font-semibold">The event log is not being sealed.</strong> {message} High-risk rules issue no grants until it
      recovers; check that the worker is running.
    </aside>
  );
}
