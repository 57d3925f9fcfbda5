import "server-only";
import { errors, jwtVerify } from "jose";
import { discoverOidcProvider } from "./oidc-discovery";

/** Whose token it is, once verified: the provider's subject (the console's account row holds it) and email. */
export type TeamsSsoIdentity = { subject: string; email: string };
export type TeamsSsoVerdict = { ok: true; identity: TeamsSsoIdentity } | { ok: false; code: "SSO_TOKEN_INVALID" | "SSO_UNAVAILABLE"; reason: string };

/** Clock skew allowed on exp/nbf/iat: small, the token was minted by Teams for this click. */
const SKEW_SECONDS = 60;

/**
 * Checks a token a Teams client obtained silently for the signed-in person (the token exchange of
 * Universal Actions' login request) as the console's own identity provider's: signed by a key its
 * discovery document's JWKS lists, `iss` its issuer (OIDC_ISSUER), `aud` the console's OIDC client id
 * or the exposed resource (TEAMS_SSO_RESOURCE), `exp`/`nbf` within a minute of skew, and a subject and
 * an email present. The token must also be the clicking Teams user's: its Entra `oid` and `tid` must
 * be the activity's `from.aadObjectId` and tenant, which the Bot Connector's signature vouches for,
 * so a token of one person's cannot link another person's Teams account. Reasons are the console's
 * words, never the token or its claims.
 */
export async function verifyTeamsSsoToken(token: string, clicker: { aadObjectId: string; tenantId: string }, resource: string | undefined): Promise<TeamsSsoVerdict> {
  const { OIDC_ISSUER: configuredIssuer, OIDC_CLIENT_ID: clientId } = process.env;
  if (!configuredIssuer || !clientId) return { ok: false, code: "SSO_UNAVAILABLE", reason: "The console has no identity provider configured." };
  let provider: Awaited<ReturnType<typeof discoverOidcProvider>>;
  try {
    provider = await discoverOidcProvider(configuredIssuer.replace(/\/$/, ""));
  } catch {
    return { ok: false, code: "SSO_UNAVAILABLE", reason: "The identity provider did not answer." };
  }
  const invalid = (reason: string): TeamsSsoVerdict => ({ ok: false, code: "SSO_TOKEN_INVALID", reason });
  let claims: Record<string, unknown>;
  try {
    ({ payload: claims } = await jwtVerify(token, provider.keys, {
      issuer: provider.metadata.issuer,
      audience: resource ? [clientId, resource] : clientId,
      clockTolerance: SKEW_SECONDS,
      requiredClaims: ["exp", "sub"],
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) return invalid("The sign-in token has expired.");
    if (error instanceof errors.JWTClaimValidationFailed && error.claim === "iss") return invalid("The sign-in token is not from the console's identity provider.");
    if (error instanceof errors.JWTClaimValidationFailed && error.claim === "aud") return invalid("The sign-in token was issued for another application.");
    return invalid("The sign-in token did not verify.");
  }
  const text = (name: string) => (typeof claims[name] === "string" && claims[name] !== "" ? (claims[name] as string) : null);
  const subject = text("sub");
  const email = text("email");
  if (!subject || !email) return invalid("The sign-in token names no subject or no email.");
  if (text("oid") !== clicker.aadObjectId || text("tid") !== clicker.tenantId) return invalid("The sign-in token belongs to another Teams user.");
  return { ok: true, identity: { subject, email } };
}
