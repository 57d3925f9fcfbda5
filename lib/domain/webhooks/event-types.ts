/** An event type (`request.created`) or a prefix of them (`request.*`), as subscriptions name them. */
const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*(\.\*)?$/;

/** `--events a.b,c.*` as a list; throws naming the first malformed entry. Empty means every event. */
export function parseEventTypes(text: string | undefined): string[] {
  const types = (text ?? "").split(",").map((type) => type.trim()).filter(Boolean);
  for (const type of types) if (!EVENT_TYPE_PATTERN.test(type) || type.length > 100) throw new Error(`"${type.slice(0, 100)}" is not an event type (such as request.created) or a prefix (such as request.*)`);
  return [...new Set(types)];
}
