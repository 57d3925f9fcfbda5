/** The longest `max_age` worth asking for: no console session lasts longer than a working day. */
export const LONGEST_STEP_UP_AGE_SECONDS = 8 * 60 * 60;

/**
 * The authorization parameters of a step-up sign-in. A sign-in at most `maxAgeSeconds` old is good
 * enough (OIDC `max_age`, capped at a working day); 0, or anything that is not a positive whole number
 * (a server action's arguments come from the browser), asks for credentials whatever the IdP
 * remembers: `prompt=login` as well, since `max_age` counts whole seconds. `login_hint` names who is
 * expected, so the person does not sign in as someone else by mistake.
 */
export function stepUpAuthorizationParams(maxAgeSeconds: unknown, loginHint: string): Record<string, string> {
  const maxAge =
    typeof maxAgeSeconds === "number" && Number.isSafeInteger(maxAgeSeconds) && maxAgeSeconds > 0
      ? Math.min(maxAgeSeconds, LONGEST_STEP_UP_AGE_SECONDS)
      : 0;
  return { max_age: String(maxAge), ...(maxAge === 0 ? { prompt: "login" } : {}), login_hint: loginHint };
}
