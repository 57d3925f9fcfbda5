import "server-only";
import { jwtVerify, type JWTPayload } from "jose";
import { ServiceError } from "./errors";
import { discoverOidcProvider, IDP_TIMEOUT_MS, idpUnavailable } from "./oidc-discovery";

/**
 * The console as an OAuth 2.0 client of its OpenID Connect provider for the device authorization
 * grant (RFC 8628): the same client and secret Auth.js signs browsers in with (OIDC_ISSUER,
 * OIDC_CLIENT_ID, OIDC_CLIENT_SECRET), so the command line needs no credentials of its own and every
 * ID token is checked here, by the console, against the provider's keys.
 */
type Provider = { issuer: string; clientId: string; clientSecret: string };
const DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

function provider(): Provider {
  const { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret } = process.env;
  if (!issuer || !clientId || !clientSecret) throw new ServiceError("UNAVAILABLE", "The console has no identity provider configured.");
  return { issuer: issuer.replace(/\/$/, ""), clientId, clientSecret };
}

async function postForm(url: string, client: Provider, form: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const basic = Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString("base64");
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams(form),
      signal: AbortSignal.timeout(IDP_TIMEOUT_MS),
    });
  } catch {
    throw idpUnavailable();
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  return { status: response.status, body: body && typeof body === "object" ? body : {} };
}

export type DeviceAuthorization = {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete: string | null;
  expiresIn: number;
  interval: number;
};

/** Asks the provider for a device code and the user code the person types at its verification page. */
export async function requestDeviceAuthorization(params: Record<string, string>): Promise<DeviceAuthorization> {
  const client = provider();
  const { metadata } = await discoverOidcProvider(client.issuer);
  if (!metadata.device_authorization_endpoint) {
    throw new ServiceError("UNAVAILABLE", "The identity provider does not offer the device authorization grant, so the command line cannot sign in through it.");
  }
  const { status, body } = await postForm(metadata.device_authorization_endpoint, client, { client_id: client.clientId, ...params });
  const text = (key: string) => (typeof body[key] === "string" ? (body[key] as string) : null);
  const deviceCode = text("device_code");
  const userCode = text("user_code");
  const verificationUri = text("verification_uri");
  if (status !== 200 || !deviceCode || !userCode || !verificationUri) throw new ServiceError("UNAVAILABLE", "The identity provider refused to start a command-line sign-in.");
  return {
    deviceCode,
    userCode,
    verificationUri,
    verificationUriComplete: text("verification_uri_complete"),
    expiresIn: typeof body.expires_in === "number" ? body.expires_in : 600,
    interval: typeof body.interval === "number" ? body.interval : 5,
  };
}

/** What polling the token endpoint gave: still waiting (RFC 8628 §3.5), or the verified ID token's claims. */
export type DeviceTokenOutcome = { status: "pending"; slowDown: boolean } | { status: "signed-in"; claims: JWTPayload & Record<string, unknown> };

export async function pollDeviceToken(deviceCode: string): Promise<DeviceTokenOutcome> {
  const client = provider();
  const { metadata, keys } = await discoverOidcProvider(client.issuer);
  const { status, body } = await postForm(metadata.token_endpoint, client, { grant_type: DEVICE_CODE_GRANT, device_code: deviceCode, client_id: client.clientId });
  if (status !== 200) {
    const error = typeof body.error === "string" ? body.error : "";
    if (error === "authorization_pending" || error === "slow_down") return { status: "pending", slowDown: error === "slow_down" };
    if (error === "access_denied") throw new ServiceError("FORBIDDEN", "The sign-in was cancelled at the identity provider.");
    if (error === "expired_token" || error === "invalid_grant") throw new ServiceError("UNAUTHENTICATED", "This sign-in code has expired or was already used; start the sign-in again.");
    throw idpUnavailable();
  }
  if (typeof body.id_token !== "string") throw new ServiceError("UNAVAILABLE", "The identity provider returned no ID token.");
  try {
    const { payload } = await jwtVerify(body.id_token, keys, { issuer: metadata.issuer, audience: client.clientId });
    return { status: "signed-in", claims: payload };
  } catch {
    throw new ServiceError("UNAUTHENTICATED", "The identity provider's ID token did not verify.");
  }
}
