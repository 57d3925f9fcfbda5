import "server-only";
import { errors, jwtVerify, SignJWT } from "jose";
import { getConfig } from "@/lib/config";

/** What a chat link's token carries: only the id of its single-use record, which holds the binding. */
const ISSUER = "countersign/chat-link";

/**
 * Signs a chat link's token (HS256 under CHAT_LINK_KEY): proof the link came from this deployment,
 * unforgeable and tamper-evident, naming its single-use record. The record, not the token, says what
 * it is bound to, and whether it was used.
 */
export async function signChatLinkToken(stateId: string, expiresAt: Date): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(ISSUER)
    .setJti(stateId)
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(getConfig().chat.linkKey);
}

/** The record's id, or null for a token that is forged, altered, expired or not ours. */
export async function verifyChatLinkToken(token: string, now: Date): Promise<string | null> {
  try {
    const { payload } = await jwtVerify(token, getConfig().chat.linkKey, { issuer: ISSUER, algorithms: ["HS256"], currentDate: now });
    return typeof payload.jti === "string" ? payload.jti : null;
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}
