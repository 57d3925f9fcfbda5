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

/**
 * The `max_age` the console asks for when a rule wants a sign-in at most `stepUpMinutes` old: younger
 * than the rule by a margin (a minute, or half the window for short ones), so a sign-in the IdP
 * accepts as recent enough still is when the person decides a moment later, instead of sending them
 * round again.
 */
export function stepUpMaxAgeSeconds(stepUpMinutes: number): number {
  const window = stepUpMinutes * 60;
  return Math.max(0, Math.floor(window - Math.min(60, window / 2)));
}
