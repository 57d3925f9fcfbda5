/**
 * When and how the person behind a console session last proved who they are, as their IdP stated it
 * in the ID token of the sign-in (OpenID Connect `auth_time`, `amr`, `acr`). A step-up requirement
 * ("authenticated within N minutes") is checked against this, never against when the session began:
 * an IdP with single sign-on may hand out a fresh session for a password typed hours ago.
 */
export type Authentication = {
  /** `auth_time`; null when the IdP did not say, which no step-up requirement accepts. */
  time: Date | null;
  /** `amr`, e.g. ["pwd"] or ["pwd", "otp"] (RFC 8176); empty when the IdP did not say. */
  methods: string[];
  /** `acr`, the authentication context class; null when the IdP did not say. */
  contextClass: string | null;
};

/** Claims are short tokens or URIs: anything else (control characters, huge strings) is not kept. */
const CLAIM_VALUE = /^[\x21-\x7e]{1,256}$/;
const MAX_METHODS = 16;
/** An IdP's clock may run a little ahead of ours; an `auth_time` further ahead than this is not believed. */
export const CLOCK_SKEW_SECONDS = 60;

const claimValue = (value: unknown): string | null => (typeof value === "string" && CLAIM_VALUE.test(value) ? value : null);

/** Reads the three claims from an ID token's payload, keeping only well-formed values. */
export function authenticationFromClaims(claims: Record<string, unknown>): Authentication {
  const authTime = claims.auth_time;
  const methods = Array.isArray(claims.amr) ? claims.amr.map(claimValue).filter((method): method is string => method !== null) : [];
  return {
    time: typeof authTime === "number" && Number.isSafeInteger(authTime) && authTime > 0 ? new Date(authTime * 1000) : null,
    methods: [...new Set(methods)].slice(0, MAX_METHODS),
    contextClass: claimValue(claims.acr),
  };
}

/**
 * Whether the person authenticated at most `maxAgeSeconds` before `now`. Unknown (no authentication
 * recorded, or no time) is never recent, nor is a time too far in the future to be a real one.
 */
export function authenticatedWithin(authentication: Authentication | undefined, maxAgeSeconds: number, now: Date): boolean {
  const time = authentication?.time;
  if (!time) return false;
  const ageMs = now.getTime() - time.getTime();
  return ageMs <= maxAgeSeconds * 1000 && ageMs >= -CLOCK_SKEW_SECONDS * 1000;
}
