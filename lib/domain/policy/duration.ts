/** Durations as people write them in a policy: `90s`, `30m`, `1h`, `1h30m`, `7d`. */
const DURATION = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** Seconds, or null when the text is not a duration (or is zero). */
export function parseDuration(text: string): number | null {
  const m = DURATION.exec(text);
  if (!m || text === "") return null;
  const [d, h, min, s] = m.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number];
  const seconds = ((d * 24 + h) * 60 + min) * 60 + s;
  return seconds > 0 ? seconds : null;
}

/** The shortest way to write a number of seconds as a duration: 3600 → `1h`, 5400 → `1h30m`. */
export function formatDuration(seconds: number): string {
  const parts: [number, string][] = [
    [Math.floor(seconds / 86_400), "d"],
    [Math.floor((seconds % 86_400) / 3600), "h"],
    [Math.floor((seconds % 3600) / 60), "m"],
    [seconds % 60, "s"],
  ];
  return parts.filter(([n]) => n > 0).map(([n, unit]) => `${n}${unit}`).join("") || "0s";
}

/** A duration in words, for explanations: `one hour`, `2 hours`, `one minute`, `30 minutes`. */
export function describeDuration(seconds: number): string {
  if (seconds % 3600 === 0) return inWords(seconds / 3600, "hour");
  if (seconds % 60 === 0) return inWords(seconds / 60, "minute");
  return inWords(seconds, "second");
}

const inWords = (n: number, unit: string) => (n === 1 ? `one ${unit}` : `${n} ${unit}s`);
