import "server-only";
import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from "jose";
import { z } from "zod";
import { ServiceError } from "./errors";

export type BotConnectorTrust = {
  /** The bot's Microsoft app id: the only audience accepted. */
  appId: string;
  /** Where the Bot Connector's OpenID metadata lives (issuer, jwks_uri). */
  openIdMetadataUrl: string;
};

/** What the activity itself says, which the token must agree with. */
export type ActivityClaimsToMatch = { serviceUrl: string; channelId: string };

/** The clock skew the Bot Connector's specification allows between its clock and ours. */
export const BOT_CONNECTOR_CLOCK_SKEW_SECONDS = 5 * 60;

/**
 * The claim in which the Bot Connector names the service URL the activity came from
 * (botframework-connector's AuthenticationConstants.ServiceUrlClaim): spelled in lower case.
 */
const SERVICE_URL_CLAIM = "serviceurl";

/** The metadata is read again after a day, as the specification asks; keys missing from the cached set are fetched at once (jose, with a cool-down). */
const METADATA_TTL_MS = 24 * 60 * 60 * 1000;

const ZMetadata = z.object({ issuer: z.string().min(1), jwks_uri: z.url({ protocol: /^https?$/ }) });

type Metadata = { issuer: string; keys: ReturnType<typeof createRemoteJWKSet>; fetchedAt: number };

const metadataCache = new Map<string, Promise<Metadata>>();

/**
 * Checks the Authorization header of an activity the Bot Connector POSTed to the bot, as its
 * specification asks: a Bearer JWT signed (RS256) by a key the OpenID metadata lists, whose
 * endorsements (when the key has any) include the activity's channel, issued by the metadata's issuer
 * for this app id, within its lifetime give or take five minutes, and naming in its `serviceurl`
 * claim the service URL the activity says it came from (so a token for one service cannot carry
 * replies to another). Anything else is refused with a 401 before the activity is looked at; the
 * reason says which check failed, never the token.
 */
export async function verifyBotConnectorToken(
  authorization: string | null,
  activity: ActivityClaimsToMatch,
  trust: BotConnectorTrust,
  now = new Date(),
): Promise<JWTPayload> {
  const token = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(authorization ?? "")?.[1];
  if (!token) throw refused("Send the Bot Connector's token as Authorization: Bearer.");
  const metadata = await loadMetadata(trust.openIdMetadataUrl, now);
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, metadata.keys, {
      issuer: metadata.issuer,
      audience: trust.appId,
      algorithms: ["RS256"],
      clockTolerance: BOT_CONNECTOR_CLOCK_SKEW_SECONDS,
      requiredClaims: ["exp"],
      currentDate: now,
    }));
  } catch (error) {
    // The keys could not be fetched: not the caller's fault, and the Bot Connector retries a 503.
    if (!(error instanceof errors.JOSEError) || error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) throw unavailable();
    throw refused(describeJoseError(error));
  }
  const endorsements = endorsementsOf(metadata, token);
  if (endorsements && !endorsements.includes(activity.channelId)) throw refused("The token's signing key is not endorsed for this channel.");
  if (payload[SERVICE_URL_CLAIM] !== activity.serviceUrl) throw refused("The token was issued for another service URL than the activity's.");
  return payload;
}

function refused(reason: string): ServiceError {
  return new ServiceError("UNAUTHENTICATED", `The Bot Connector token is not valid: ${reason}`);
}

function describeJoseError(error: errors.JOSEError): string {
  if (error instanceof errors.JWTExpired) return "it has expired.";
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "iss") return "it comes from another issuer.";
    if (error.claim === "aud") return "it is for another app id.";
    if (error.claim === "nbf") return "it is not valid yet.";
    return `its ${error.claim} claim is missing or wrong.`;
  }
  if (error instanceof errors.JWKSNoMatchingKey) return "no published key signed it.";
  if (error instanceof errors.JWSSignatureVerificationFailed) return "its signature does not verify.";
  if (error instanceof errors.JOSEAlgNotAllowed) return "it is not signed with RS256.";
  return "it is malformed.";
}

/** The endorsements (channel ids) of the key that signed the token, or null when the key carries none. */
function endorsementsOf(metadata: Metadata, token: string): string[] | null {
  const { kid } = decodeProtectedHeader(token);
  const key = metadata.keys.jwks()?.keys.find((candidate) => candidate.kid === kid) as { endorsements?: unknown } | undefined;
  return Array.isArray(key?.endorsements) ? key.endorsements.filter((entry): entry is string => typeof entry === "string") : null;
}

function loadMetadata(url: string, now: Date): Promise<Metadata> {
  const cached = metadataCache.get(url);
  if (cached) {
    return cached.then((metadata) => (now.getTime() - metadata.fetchedAt < METADATA_TTL_MS ? metadata : refreshMetadata(url, now)), () => refreshMetadata(url, now));
  }
  return refreshMetadata(url, now);
}

function refreshMetadata(url: string, now: Date): Promise<Metadata> {
  const loading = (async () => {
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(10_000), headers: { accept: "application/json" } });
    } catch {
      throw unavailable();
    }
    const parsed = ZMetadata.safeParse(response.ok ? await response.json().catch(() => null) : null);
    if (!parsed.success) throw unavailable();
    return { issuer: parsed.data.issuer, keys: createRemoteJWKSet(new URL(parsed.data.jwks_uri)), fetchedAt: now.getTime() };
  })();
  metadataCache.set(url, loading);
  // A failed fetch is not kept: the next activity tries again.
  loading.catch(() => metadataCache.delete(url));
  return loading;
}

function unavailable(): ServiceError {
  return new ServiceError("UNAVAILABLE", "The Bot Connector's OpenID metadata or keys could not be read; the activity was not accepted.");
}
