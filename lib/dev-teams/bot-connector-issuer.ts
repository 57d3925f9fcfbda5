import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from "jose";

/**
 * Stands in for the Bot Connector's token issuer: an RS256 key published in a JWKS whose entries
 * carry `endorsements` (the channels a key may sign for), as login.botframework.com's do, and tokens
 * shaped like the Connector's (`iss`, `aud` = the bot's app id, `serviceurl`, `nbf`, `exp`).
 */
export type BotConnectorIssuer = {
  issuer: string;
  /** The published key set (public halves only). */
  jwks: { keys: JWK[] };
  /** A Connector-style token for `appId` and `serviceUrl`; `claims` override or add claims (tests forge with them). */
  sign: (token: { appId: string; serviceUrl: string; claims?: JWTPayload; key?: "published" | "unpublished" }) => Promise<string>;
};

const TOKEN_LIFETIME_SECONDS = 60 * 60;

export async function createBotConnectorIssuer(issuer: string, endorsements: string[] = ["msteams"]): Promise<BotConnectorIssuer> {
  const published = await keyPair();
  // Signs with a kid that the JWKS does not list: what a forger with their own key would send.
  const unpublished = await keyPair();
  return {
    issuer,
    jwks: { keys: [{ ...published.publicJwk, endorsements } as JWK] },
    sign: async ({ appId, serviceUrl, claims = {}, key = "published" }) => {
      const { privateKey, kid } = key === "published" ? published : unpublished;
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ serviceurl: serviceUrl, iss: issuer, aud: appId, nbf: now, iat: now, exp: now + TOKEN_LIFETIME_SECONDS, ...claims })
        .setProtectedHeader({ alg: "RS256", typ: "JWT", kid })
        .sign(privateKey);
    },
  };
}

async function keyPair(): Promise<{ privateKey: CryptoKey; publicJwk: JWK; kid: string }> {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const kid = randomUUID();
  return { privateKey, kid, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" } };
}
