import "server-only";
import { getConfig } from "@/lib/config";

/**
 * Answers the person who clicked, through the interaction's response_url: an ephemeral message only
 * they see. The URL came in a signed payload, but is still only followed to Slack's own hooks host
 * or the configured API's origin (the stand-in), so nothing can steer the console elsewhere.
 */
export async function respondInSlack(responseUrl: string, text: string): Promise<boolean> {
  if (!isSlackResponseUrl(responseUrl)) return false;
  const response = await fetch(responseUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ response_type: "ephemeral", replace_original: false, text }),
    redirect: "error",
    signal: AbortSignal.timeout(10_000),
  });
  await response.body?.cancel();
  return response.ok;
}

function isSlackResponseUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.protocol === "https:" && url.hostname === "hooks.slack.com") return true;
  return url.origin === new URL(getConfig().slack.apiUrl).origin;
}
