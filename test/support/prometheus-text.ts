/** Prometheus text exposition as a map from series (name and labels) to its value; comments skipped. */
export function parsePrometheusText(text: string): Map<string, number> {
  return new Map(
    text
      .split("\n")
      .filter((line) => line && !line.startsWith("#"))
      .map((line) => [line.slice(0, line.lastIndexOf(" ")), Number(line.slice(line.lastIndexOf(" ") + 1))]),
  );
}
