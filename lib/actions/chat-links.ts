"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { OIDC_PROVIDER_ID, signIn } from "@/lib/auth";
import { requireUser } from "@/lib/auth/current-user";
import { ServiceError } from "@/lib/services/errors";
import { redeemChatLink } from "@/lib/services/redeem-chat-link";
import { newServiceContext } from "@/lib/services/service-context";
import { unlinkChatIdentity } from "@/lib/services/unlink-chat-identity";

/** A chat link's token: a compact JWS, nothing else, so the path built from it stays on this console. */
const TOKEN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

const linkPath = (state: string) => `/link/chat?state=${encodeURIComponent(state)}`;

/** Sends a signed-out visitor through SSO and back to the same chat link (a console path: no open redirect). */
export async function signInForChatLink(state: unknown): Promise<void> {
  await signIn(OIDC_PROVIDER_ID, { redirectTo: typeof state === "string" && TOKEN.test(state) ? linkPath(state) : "/" });
}

/**
 * Uses a chat link for the signed-in person, from the page's form (a POST, which Next.js checks the
 * origin of: no cross-site request can link someone's account): links the chat account, or opens the
 * request to decide in the console. A refusal comes back to the page as its code.
 */
export async function redeemChatLinkAction(formData: FormData): Promise<void> {
  const user = await requireUser();
  const state = formData.get("state");
  if (typeof state !== "string" || !TOKEN.test(state)) redirect("/link/chat?error=INVALID_STATE");
  let destination: string;
  try {
    const redeemed = await redeemChatLink(newServiceContext(getDb(), user), state);
    destination = redeemed.purpose === "link" ? `/account?linked=${redeemed.identity.provider}#chat-links` : `/requests/${redeemed.requestId}`;
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    destination = `/link/chat?error=${error.code}`;
  }
  redirect(destination);
}

/** Removes one of the signed-in person's chat links, from their Account page. */
export async function unlinkChatAction(formData: FormData): Promise<void> {
  const user = await requireUser();
  const [provider, workspace, externalUserId] = ["provider", "workspace", "externalUserId"].map((name) => formData.get(name));
  if ((provider !== "slack" && provider !== "teams") || typeof workspace !== "string" || typeof externalUserId !== "string") return;
  await unlinkChatIdentity(newServiceContext(getDb(), user), { provider, workspace, externalUserId }).catch((error: unknown) => {
    if (!(error instanceof ServiceError)) throw error;
  });
  revalidatePath("/account");
}
