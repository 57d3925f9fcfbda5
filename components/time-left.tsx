import { formatDuration, urgency } from "./format";

/** How long a pending request has left ("42m left", "expired"), in red once it is close or past. */
export function TimeLeft({ expiresAt, now }: { expiresAt: string; now: number }) {
  const msLeft = new Date(expiresAt).getTime() - now;
  const level = urgency(msLeft);
  return (
    <span className={level === "normal" ? "text-gray-900" : "font-semibold text-red-700"}>{level === "expired" ? "expired" : `${formatDuration(msLeft)} left`}</span>
  );
}
