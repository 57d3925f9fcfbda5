"use server";

import { stepUpAuthorizationParams } from "@/lib/domain/step-up";
import { isConsoleUrl } from "@/lib/http/auth-route";
import { requireUser } from "./current-user";
import { OIDC_PROVIDER_ID, signIn, signOut } from "./index";

/** Starts the OpenID Connect flow; back at `/`, the person is sent on to their page. */
export async function signInWithSso(): Promise<void> {
  await signIn(OIDC_PROVIDER_ID, { redirectTo: "/" });
}

/**
 * Step-up: sends the signed-in person through their IdP again and back to `returnTo` (a console path;
 * anything else returns to `/`), where their session then carries the fresh `auth_time` and `amr`.
 * `maxAgeSeconds`: how old a sign-in may be and still do (0, the default: type the password now); see
 * `stepUpAuthorizationParams`. Someone else's credentials are refused (lib/auth, `signIn` callback).
 */
export async function stepUpSignIn(returnTo: string, maxAgeSeconds = 0): Promise<void> {
  const user = await requireUser();
  const redirectTo = typeof returnTo === "string" && returnTo.startsWith("/") && isConsoleUrl(returnTo) ? returnTo : "/";
  await signIn(OIDC_PROVIDER_ID, { redirectTo }, stepUpAuthorizationParams(maxAgeSeconds, user.email));
}

/** Ends the console session (deletes it from the database) and returns to the sign-in page. */
export async function signOutToHome(): Promise<void> {
  await signOut({ redirectTo: "/" });
}
