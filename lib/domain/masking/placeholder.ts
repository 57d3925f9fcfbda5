/** `[kind:fingerprint]`; global so UIs can highlight every placeholder in a string. */
export const PLACEHOLDER_PATTERN = /\[([a-z][a-z0-9_]{0,63}):([0-9a-f]{6})\]/g;

export function formatPlaceholder(kind: string, fingerprint: string): string {
  return `[${kind}:${fingerprint}]`;
}

/** Spans of placeholders already in the text: masking never touches them, which makes it idempotent. */
export function placeholderSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  if (!text.includes(":")) return spans;
  const re = new RegExp(PLACEHOLDER_PATTERN.source, "g");
  for (const m of text.matchAll(re)) spans.push([m.index, m.index + m[0].length]);
  return spans;
}

/** Context windows must not count placeholder text (`[aws_secret_access_key:…]` says "aws"). */
export function withoutPlaceholders(text: string): string {
  return text.includes("[") ? text.replace(PLACEHOLDER_PATTERN, " ") : text;
}
