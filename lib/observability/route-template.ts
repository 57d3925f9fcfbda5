/**
 * The route a request matched, as a label: each dynamic segment becomes `{name}` (the OpenAPI
 * document's spelling), so ids never reach a metric label or a span name and the label set stays as
 * small as the route table. Next.js hands route handlers their params, not their file path, so the
 * template is rebuilt from both. Segments are matched right to left, because routes end with static
 * segments (`…/{requestId}/cancel`) and a value equal to an earlier static segment must not win.
 * A param found in no segment (a path whose encoding Next.js read differently) would leave caller
 * text in the label, so the whole template is then UNMATCHED: labels stay bounded whatever is sent.
 */
export function routeTemplate(pathname: string, params: Record<string, string | string[] | undefined>): string {
  const segments = pathname.split("/");
  const pending = Object.entries(params).filter((entry): entry is [string, string] => typeof entry[1] === "string");
  for (let i = segments.length - 1; i >= 0 && pending.length > 0; i--) {
    const decoded = safeDecode(segments[i] ?? "");
    const at = pending.findLastIndex(([, value]) => value === decoded);
    if (at === -1) continue;
    const [[name]] = pending.splice(at, 1) as [[string, string]];
    segments[i] = `{${name}}`;
  }
  return pending.length === 0 ? segments.join("/") : UNMATCHED;
}

export const UNMATCHED = "{unmatched}";

function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
