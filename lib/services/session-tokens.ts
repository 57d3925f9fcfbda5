import "server-only";
import { randomBytes } from "node:crypto";
import { sha256Hex } from "@/lib/domain/canonical-json";

/**
 * What the sessions table keeps of a session token, a browser's or the command line's. Tokens are
 * random (122 bits for Auth.js's UUIDs, 256 for ours), so a plain SHA-256 suffices.
 */
export function hashSessionToken(token: string): string {
  return sha256Hex(token);
}

/**
 * A command-line session's bearer credential: prefixed so the console tells it from an agent key
 * (`cs_live_`) and a leak is recognisable, 256 random bits, and stored only as SHA-256 in the same
 * sessions table as the console's browser sessions.
 */
export const CLI_SESSION_PREFIX = "cs_cli_";

export function generateCliSessionToken(): string {
  return CLI_SESSION_PREFIX + randomBytes(32).toString("base64url");
}

/** The command-line session credential an `Authorization: Bearer` header carries, if it carries one. */
export function presentedCliSessionToken(request: Request): string | undefined {
  const match = /^Bearer (\S+)$/i.exec(request.headers.get("authorization") ?? "");
  return match?.[1]?.startsWith(CLI_SESSION_PREFIX) ? match[1] : undefined;
}
