import { redactQueryValues } from "@/lib/observability/redact-url";

/**
 * A webhook URL as people, events and logs may see it: no user or password, the path masked (a
 * receiver's token often sits there, as in chat incoming-webhook URLs) and query values removed.
 * `maskText` is the deployment's masker, passed in so this stays pure.
 */
export function displayUrl(url: URL, maskText: (text: string) => string): string {
  return redactQueryValues(`${url.protocol}//${url.host}${maskText(url.pathname)}${url.search}`);
}
