import type { IncomingMessage } from "node:http";

/** The most a stand-in reads of a request: what Slack's and Teams' own limits allow, and no more. */
export const STAND_IN_MAX_BODY_BYTES = 256 * 1024;

/** A request's body as text, refused (thrown) past STAND_IN_MAX_BODY_BYTES: the chat stand-ins' reader. */
export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > STAND_IN_MAX_BODY_BYTES) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}
