import "server-only";
import NextAuth, { type NextAuthConfig } from "next-auth";
import type { OIDCConfig } from "next-auth/providers";
import { getDb } from "@/db/client";
import { log } from "@/lib/logging/logger";
import { authenticationFromClaims } from "@/lib/domain/authentication";
import { groupsFromClaim } from "@/lib/domain/roles";
import { recordSignIn } from "@/lib/services/record-sign-in";
import { countersignAdapter, hashSessionToken } from "./adapter";
import { presentedSessionToken, sessionInUse, withSignInSession } from "./sign-in-session";

/**
 * Auth.js (next-auth v5): one generic OpenID Connect provider, the same code path for the bundled
 * development IdP and for Okta, Entra ID or Keycloak; database sessions in PostgreSQL.
 *
 * Environment: OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET (required), AUTH_SECRET (required by
 * Auth.js), AUTH_URL (the console's public URL; pins every auth URL to it), OIDC_SCOPES (optional).
 * Auth.js itself reads AUTH_TRUST_HOST.
 */

/** The claims we read from the IdP's ID token. */
type OidcProfile = {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  preferred_username?: string;
  groups?: unknown;
};

/** Everything /api/auth/session and `auth()` expose. */
export type SessionPayload = {
  user: { id: string; email: string; name: string | null; groups: string[] };
  /** When (ISO 8601) and how the person last authenticated, as the IdP said at this session's last sign-in. */
  authentication: { time: string | null; methods: string[]; contextClass: string | null };
  expires: string;
};

export const OIDC_PROVIDER_ID = "oidc";
const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60; // one working day
const SESSION_UPDATE_AGE_SECONDS = 15 * 60;

/** Where a sign-in by someone other than the signed-in person ends: their account page says so. */
export const OTHER_PERSON_SIGN_IN_URL = "/account?error=OtherPerson";

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the console cannot sign anyone in without its OpenID Connect provider`);
  return value;
}

function oidcProvider(): OIDCConfig<OidcProfile> {
  return {
    id: OIDC_PROVIDER_ID,
    name: "SSO",
    type: "oidc",
    issuer: requiredEnv("OIDC_ISSUER"),
    clientId: requiredEnv("OIDC_CLIENT_ID"),
    clientSecret: requiredEnv("OIDC_CLIENT_SECRET"),
    checks: ["pkce", "state"],
    // `groups` is a scope at Okta, Keycloak and the dev IdP; Google and Entra ID release groups by
    // claim configuration instead and refuse an unknown scope, so operators can set their own.
    authorization: { params: { scope: process.env.OIDC_SCOPES?.trim() || "openid email profile groups" } },
    profile(profile) {
      return { id: profile.sub, email: profile.email ?? null, name: profile.name ?? profile.preferred_username ?? null };
    },
  };
}

function authConfig(): NextAuthConfig {
  const adapter = countersignAdapter(getDb());
  return {
    adapter,
    // Auth.js's own logger prints a failed adapter query with its parameters (a session token):
    // everything it reports goes through ours instead. Its debug metadata (adapter arguments, whole
    // requests with cookies) is never logged, only which step ran.
    logger: {
      error: (error) => log.error("Auth.js error", { source: "auth", error }),
      warn: (code) => log.warn(`Auth.js warning ${code}`, { source: "auth" }),
      debug: (code) => log.debug(`Auth.js ${code}`, { source: "auth" }),
    },
    providers: [oidcProvider()],
    session: { strategy: "database", maxAge: SESSION_MAX_AGE_SECONDS, updateAge: SESSION_UPDATE_AGE_SECONDS },
    // Our own pages: the sign-in card at `/` also shows why a sign-in failed (`/?error=…`).
    pages: { signIn: "/", error: "/" },
    callbacks: {
      async signIn({ profile }) {
        // People are identified by email everywhere (events, separation of duties): no email, no entry.
        if (!profile) return true;
        if (typeof profile.email !== "string" || profile.email.length === 0 || profile.email_verified === false) return false;
        // Signed in already (a step-up): only as the same person. Auth.js would otherwise link the
        // other person's IdP account to this console user, and record their groups on it.
        const presented = presentedSessionToken();
        const signedIn = presented ? await adapter.getSessionAndUser!(presented) : null;
        if (signedIn && signedIn.user.email.toLowerCase() !== profile.email.toLowerCase()) return OTHER_PERSON_SIGN_IN_URL;
        return true;
      },
      // Only what the browser needs: never the session token or the database's user id column name.
      // The last authentication is the person's own, and lets a page say why it asks for a fresh one.
      session({ session, user }) {
        const row = user as typeof user & { groups?: unknown };
        const stored = session as typeof session & { authTime?: unknown; amr?: unknown; acr?: unknown };
        const visible: SessionPayload = {
          user: { id: row.id, email: row.email, name: row.name ?? null, groups: groupsFromClaim(row.groups) },
          authentication: {
            time: stored.authTime instanceof Date ? stored.authTime.toISOString() : null,
            methods: Array.isArray(stored.amr) ? stored.amr.filter((method): method is string => typeof method === "string") : [],
            contextClass: typeof stored.acr === "string" ? stored.acr : null,
          },
          expires: toIsoString(session.expires),
        };
        return visible;
      },
    },
    events: {
      async signIn({ user, account, profile }) {
        if (account?.provider !== OIDC_PROVIDER_ID || !user.id || !user.email) return;
        // Auth.js never refreshes user fields after the first sign-in: the latest groups claim (and
        // name) are stored here, with the `user.signed_in` event, and the ID token's auth_time, amr
        // and acr on the session this sign-in ends in (a step-up keeps its session). A failure fails
        // the sign-in.
        const sessionToken = sessionInUse();
        if (!sessionToken) throw new Error("Auth.js signed someone in without a console session");
        await recordSignIn({
          userId: user.id,
          email: user.email,
          name: (typeof profile?.name === "string" ? profile.name : user.name) ?? null,
          groups: groupsFromClaim(profile?.groups),
          sessionTokenHash: hashSessionToken(sessionToken),
          authentication: authenticationFromClaims(profile ?? {}),
        });
      },
    },
  };
}

function toIsoString(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

// Lazy: the configuration (and the database pool) is built per request, never at import or build time.
const nextAuth = NextAuth(() => authConfig());
export const { auth, signIn, signOut } = nextAuth;
/** Auth.js's routes, each request noting the console session it signs in to (see sign-in-session.ts). */
export const handlers = { GET: withSignInSession(nextAuth.handlers.GET), POST: withSignInSession(nextAuth.handlers.POST) };
