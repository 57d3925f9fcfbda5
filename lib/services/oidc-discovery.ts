import "server-only";
import { createRemoteJWKSet } from "jose";
import { ServiceError } from "./errors";

/**
 * The console's OpenID Connect provider as its discovery document describes it: the endpoints and the
 * key set that sign its tokens. Read once per issuer (jose refetches the JWKS for an unknown key id);
 * shared by the command line's device grant and the Teams token exchange, which both check the
 * provider's tokens here, by the console, against the provider's own keys.
 */
export type OidcMetadata = { issuer: string; token_endpoint: string; device_authorization_endpoint?: string; jwks_uri: string };

export const IDP_TIMEOUT_MS = 10_000;
const discovered = new Map<string, Promise<{ metadata: OidcMetadata; keys: ReturnType<typeof createRemoteJWKSet> }>>();

export const idpUnavailable = () => new ServiceError("UNAVAILABLE", "The identity provider did not answer; try again shortly.");

export async function discoverOidcProvider(issuer: string) {
  let found = discovered.get(issuer);
  if (!found) {
    found = (async () => {
      const response = await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(IDP_TIMEOUT_MS) });
      if (!response.ok) throw idpUnavailable();
      const metadata = (await response.json()) as OidcMetadata;
      return { metadata, keys: createRemoteJWKSet(new URL(metadata.jwks_uri)) };
    })();
    discovered.set(issuer, found);
    // A failed discovery is retried on the next call instead of being remembered.
    found.catch(() => discovered.delete(issuer));
  }
  return found.catch(() => {
    throw idpUnavailable();
  });
}
