"use server";

import { isConsoleUrl } from "@/lib/http/auth-route";
import { requireUser } from "./current-user";
import { OIDC_PROVIDER_ID, signIn, signOut } from "./index";

/** Starts the OpenID Connect flow; back at `/`, the person is sent on to their page. */
export async function signInWithSso(): Promise<void> {
  await signIn(OIDC_PROVIDER_ID, { redirectTo: "/" });
}

/** The longest `max_age` worth asking for: no console session lasts longer than a working day. */
const LONGEST_STEP_UP_AGE_SECONDS = 8 * 60 * 60;

/**
 * Step-up: sends the signed-in person through their IdP again and back to `returnTo` (a console path;
 * anything else returns to `/`), where their session then carries the fresh `auth_time` and `amr`.
 * A sign-in at most `maxAgeSeconds` old is good enough (OIDC `max_age`); 0, the default, asks for
 * credentials whatever the IdP remembers (with `prompt=login` too, as `max_age` counts whole seconds).
 * `login_hint` keeps the person from signing in as someone else by mistake; Auth.js refuses that anyway.
 */
export async function stepUpSignIn(returnTo: string, maxAgeSeconds = 0): Promise<void> {
  const user = await requireUser();
  const maxAge =
    typeof maxAgeSeconds === "number" && Number.isSafeInteger(maxAgeSeconds) && maxAgeSeconds > 0
      ? Math.min(maxAgeSeconds, LONGEST_STEP_UP_AGE_SECONDS)
      : 0;
  const redirectTo = typeof returnTo === "string" && returnTo.startsWith("/") && isConsoleUrl(returnTo) ? returnTo : "/";
  await signIn(
    OIDC_PROVIDER_ID,
    { redirectTo },
    { max_age: String(maxAge), ...(maxAge === 0 ? { prompt: "login" } : {}), login_hint: user.email },
  );
}

/** Ends the console session (deletes it from the database) and returns to the sign-in page. */
export async function signOutToHome(): Promise<void> {
  await signOut({ redirectTo: "/" });
}
