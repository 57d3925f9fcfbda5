"use server";

import { OIDC_PROVIDER_ID, signIn, signOut } from "./index";

/** Starts the OpenID Connect flow; back at `/`, the person is sent on to their page. */
export async function signInWithSso(): Promise<void> {
  await signIn(OIDC_PROVIDER_ID, { redirectTo: "/" });
}

/** Ends the console session (deletes it from the database) and returns to the sign-in page. */
export async function signOutToHome(): Promise<void> {
  await signOut({ redirectTo: "/" });
}
