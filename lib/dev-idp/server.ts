import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type * as OidcProviderModule from "oidc-provider";
import type { Grant, InteractionDetails, KoaContextWithOIDC, Provider as OidcProvider } from "oidc-provider";
import { DEMO_PASSWORD, DEMO_USERS, findDemoUserById, verifyDemoCredentials } from "./demo-users";
import { createMemoryAdapterFactory } from "./memory-adapter";
import { pageHeaders, renderDeviceCodePage, renderDeviceConfirmPage, renderLoginPage, renderLogoutPage, renderMessagePage } from "./views";

/**
 * The bundled development OpenID Connect provider (demo mode only): a real `oidc-provider` on its own
 * port, so the console signs in through exactly the code path it uses with Okta, Entra ID or Keycloak.
 *
 * - Authorization code flow, PKCE (S256) required, one confidential first-party client whose consent is
 *   granted automatically; scopes/claims openid, email, profile and groups.
 * - The device authorization grant (RFC 8628) for the same client: the command line (`npm run cli --
 *   login`) asks the console, which asks here; the person types the printed code at `/device`.
 * - ID tokens carry every granted claim (`conformIdTokenClaims: false`): Auth.js's "oidc" provider
 *   builds the profile from the ID token, and with the default only `sub` would arrive, silently.
 * - A plain sign-in always asks for credentials (no silent single sign-on), so after signing out of
 *   the console you can sign in as a different demo person. A request that states `max_age` (a
 *   step-up) gets what it asks for, as from a real IdP: the password again if the last one was typed
 *   longer ago, else the sign-in it has; `prompt=login` always asks again.
 * - ID tokens always carry `auth_time` and `amr` (["pwd"]): the console records when and how the
 *   person last proved who they are, and a step-up checks that time, not the moment of the redirect.
 * - State lives in memory: restarting it only ends IdP sessions, never the console's.
 */
export type DevIdentityProviderOptions = {
  port: number;
  /** e.g. http://localhost:3001 (no path). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The app's `<APP_URL>/api/auth/callback/oidc`. */
  redirectUris: string[];
  cookieKeys: string[];
  /** Private signing keys (JWK), generated once by `generateDevIdpSecrets` and persisted by the launcher. */
  jwks: { keys: object[] };
  /** Interfaces to listen on; defaults to loopback only (127.0.0.1 and, when available, ::1). */
  host?: string;
};

export type DevIdpSecrets = { clientSecret: string; cookieKeys: string[]; jwks: { keys: object[] } };

const FIRST_PARTY_SCOPE = "openid email profile groups";
const MAX_FORM_BYTES = 8 * 1024;
const INTERACTION_PATH = /^\/interaction\/([A-Za-z0-9_-]{1,64})$/;

/** Fresh secrets for a first start: a client secret, cookie signing keys and an RS256 signing key. */
export function generateDevIdpSecrets(): DevIdpSecrets {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: "jwk" }), kid: randomUUID(), alg: "RS256", use: "sig" };
  return {
    clientSecret: randomBytes(32).toString("base64url"),
    cookieKeys: [randomBytes(32).toString("base64url")],
    jwks: { keys: [jwk] },
  };
}

let oidcProviderModule: Promise<typeof OidcProviderModule> | undefined;

/**
 * oidc-provider 9 warns "Unsupported runtime" once at import on Node 20. Node 20 is a supported runtime
 * of this project and the provider works on it, so that one line is dropped; every other warning passes.
 */
function loadOidcProvider(): Promise<typeof OidcProviderModule> {
  oidcProviderModule ??= (async () => {
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      if (typeof args[0] === "string" && args[0].includes("oidc-provider WARNING: Unsupported runtime")) return;
      warn.apply(console, args);
    };
    try {
      return await import("oidc-provider");
    } finally {
      console.warn = warn;
    }
  })();
  return oidcProviderModule;
}

export async function startDevIdentityProvider(opts: DevIdentityProviderOptions): Promise<{ stop(): Promise<void> }> {
  const issuerUrl = new URL(opts.issuer);
  if (issuerUrl.pathname !== "/" || issuerUrl.search || issuerUrl.hash) {
    throw new Error(`The development identity provider's issuer must be an origin without a path, got ${opts.issuer}`);
  }
  if (opts.cookieKeys.length === 0) throw new Error("The development identity provider needs at least one cookie key");
  if (opts.jwks.keys.length === 0) throw new Error("The development identity provider needs a signing key");
  const issuer = issuerUrl.origin;
  const appOrigins = [...new Set(opts.redirectUris.map((uri) => new URL(uri).origin))];
  const htmlHeaders = pageHeaders(appOrigins);
  const appHome = appOrigins[0] ? `${appOrigins[0]}/` : undefined;

  const { default: Provider, interactionPolicy } = await loadOidcProvider();
  const { Check } = interactionPolicy;

  // A plain sign-in asks for credentials, unless the person just entered them in this very flow. With
  // `max_age`, the base policy's own checks decide (and `prompt=login` always asks).
  const policy = interactionPolicy.base();
  policy
    .get("login")
    ?.checks.add(
      new Check("demo_login_every_time", "the development identity provider asks for credentials on every plain sign-in", (ctx) =>
        ctx.oidc.result?.login || ctx.oidc.params?.max_age !== undefined ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT,
      ),
    );

  /** The console is first-party: its grant always covers the scopes it asks for, so no consent screen. */
  async function firstPartyGrant(provider: OidcProvider, accountId: string, existing?: Grant): Promise<Grant> {
    const grant = existing && existing.accountId === accountId ? existing : new provider.Grant({ accountId, clientId: opts.clientId });
    grant.addOIDCScope(FIRST_PARTY_SCOPE);
    await grant.save();
    return grant;
  }

  const setHtml = (ctx: KoaContextWithOIDC, html: string) => {
    for (const [name, value] of Object.entries(htmlHeaders)) ctx.set(name, value);
    ctx.type = "html";
    ctx.body = html;
  };

  const provider = new Provider(issuer, {
    adapter: createMemoryAdapterFactory(),
    clients: [
      {
        client_id: opts.clientId,
        client_secret: opts.clientSecret,
        client_name: "Countersign",
        redirect_uris: opts.redirectUris,
        grant_types: ["authorization_code", "urn:ietf:params:oauth:grant-type:device_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
        // auth_time in every ID token, not only when max_age or prompt=login asked for it.
        require_auth_time: true,
      },
    ],
    jwks: opts.jwks,
    cookies: {
      keys: opts.cookieKeys,
      // Cookies ignore ports: on localhost these sit beside the console's own, so name them plainly.
      names: { session: "countersign_idp_session", interaction: "countersign_idp_interaction", resume: "countersign_idp_resume" },
    },
    // `amr` rides on openid: how the person signed in, in every ID token (a step-up reads it).
    claims: { openid: ["sub", "amr"], email: ["email", "email_verified"], profile: ["name"], groups: ["groups"] },
    conformIdTokenClaims: false,
    scopes: ["openid"], // plus one per claims key: email, profile, groups
    responseTypes: ["code"],
    pkce: { required: () => true },
    async findAccount(_ctx: unknown, sub: string) {
      const user = findDemoUserById(sub);
      if (!user) return undefined;
      return {
        accountId: user.id,
        async claims() {
          return { sub: user.id, email: user.email, email_verified: true, name: user.name, groups: [...user.groups] };
        },
      };
    },
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { client, account, session, result } = ctx.oidc;
      if (!client || !account || !session) return undefined;
      const grantId = result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      const existing = grantId ? await ctx.oidc.provider.Grant.find(grantId) : undefined;
      if (client.clientId !== opts.clientId) return existing;
      return firstPartyGrant(ctx.oidc.provider, account.accountId, existing);
    },
    interactions: {
      policy,
      url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    features: {
      devInteractions: { enabled: false },
      deviceFlow: {
        enabled: true,
        // Eight letters without vowels (BCDF-GHJK), as RFC 8628 suggests: easy to type, hard to guess.
        charset: "base-20",
        mask: "****-****",
        async userCodeInputSource(ctx: KoaContextWithOIDC, form: string, _out: unknown, error?: { name?: string; userCode?: string }) {
          const message = error ? (error.userCode || error.name === "NoCodeError" ? "That code is not valid or has expired. Try again." : "The sign-in could not continue. Try again.") : undefined;
          setHtml(ctx, renderDeviceCodePage(form, message));
        },
        async userCodeConfirmSource(ctx: KoaContextWithOIDC, form: string, client: { clientName?: string; clientId: string }, _info: unknown, userCode: string) {
          setHtml(ctx, renderDeviceConfirmPage(form, client.clientName ?? client.clientId, userCode));
        },
        async successSource(ctx: KoaContextWithOIDC) {
          setHtml(ctx, renderMessagePage({ title: "Signed in", message: "You are signed in on the command line. You can close this page." }));
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx: KoaContextWithOIDC, form: string) {
          setHtml(ctx, renderLogoutPage(form));
        },
        async postLogoutSuccessSource(ctx: KoaContextWithOIDC) {
          setHtml(
            ctx,
            renderMessagePage({
              title: "Signed out",
              message: "You are signed out of the development identity provider.",
              link: appHome ? { href: appHome, text: "Return to Countersign" } : undefined,
            }),
          );
        },
      },
    },
    ttl: {
      AccessToken: 10 * 60,
      AuthorizationCode: 60,
      DeviceCode: 10 * 60,
      IdToken: 10 * 60,
      Interaction: 15 * 60,
      Session: 8 * 60 * 60,
      Grant: 8 * 60 * 60,
      RefreshToken: 8 * 60 * 60,
      ClientCredentials: 10 * 60,
    },
    clientBasedCORS: () => false,
    async renderError(ctx: KoaContextWithOIDC, out: Record<string, unknown>) {
      const message = typeof out.error_description === "string" ? out.error_description : String(out.error ?? "Unknown error");
      setHtml(
        ctx,
        renderMessagePage({
          title: "Sign-in could not continue",
          message: `The identity provider refused the request: ${message}`,
          link: appHome ? { href: appHome, text: "Return to Countersign" } : undefined,
        }),
      );
    },
  });

  provider.on("server_error", (_ctx: KoaContextWithOIDC, error: Error) => {
    console.error("[dev-idp] server error:", error);
  });
  for (const event of ["authorization.error", "grant.error"]) {
    provider.on(event, (...args: unknown[]) => {
      const error = args[1] as { error?: string; error_description?: string; message?: string } | undefined;
      // A device-flow client polling before the person has signed in is the grant working, not failing.
      if (error?.error === "authorization_pending" || error?.error === "slow_down") return;
      console.warn(`[dev-idp] ${event}: ${error?.error ?? ""} ${error?.error_description ?? error?.message ?? ""}`.trim());
    });
  }

  const oidcCallback = provider.callback();

  const sendHtml = (res: ServerResponse, status: number, html: string) => {
    res.writeHead(status, htmlHeaders);
    res.end(html);
  };

  const sendExpired = (res: ServerResponse) =>
    sendHtml(
      res,
      400,
      renderMessagePage({
        title: "Sign-in expired",
        message: "This sign-in attempt has expired or was already used. Go back to Countersign and choose Sign in with SSO again.",
        link: appHome ? { href: appHome, text: "Return to Countersign" } : undefined,
      }),
    );

  const renderLogin = (res: ServerResponse, uid: string, email: string, status = 200, error?: string) =>
    sendHtml(
      res,
      status,
      renderLoginPage({
        action: `/interaction/${uid}`,
        email,
        error,
        clientName: "Countersign",
        demoUsers: DEMO_USERS,
        demoPassword: DEMO_PASSWORD,
      }),
    );

  async function handleInteraction(req: IncomingMessage, res: ServerResponse, uid: string) {
    if (req.method === "POST" && req.headers.origin !== undefined && req.headers.origin !== issuer) {
      res.writeHead(403, { "Content-Type": "text/plain; charset=utf-8" }).end("Cross-origin form submission refused");
      return;
    }
    let details: InteractionDetails;
    try {
      // Verifies the interaction cookie bound to this uid: a form posted from another site, or a uid
      // from someone else's flow, has no such cookie and stops here.
      details = await provider.interactionDetails(req, res);
    } catch {
      return sendExpired(res);
    }
    if (details.uid !== uid) return sendExpired(res);

    if (details.prompt.name === "consent") {
      // Normally covered by loadExistingGrant; kept so a consent prompt can never strand a sign-in.
      if (details.params.client_id !== opts.clientId || !details.session?.accountId) {
        return provider.interactionFinished(req, res, { error: "access_denied", error_description: "Unknown client" });
      }
      const existing = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
      const grant = await firstPartyGrant(provider, details.session.accountId, existing);
      return provider.interactionFinished(req, res, { consent: { grantId: grant.jti } }, { mergeWithLastSubmission: true });
    }
    if (details.prompt.name !== "login") {
      return provider.interactionFinished(req, res, { error: "interaction_required", error_description: "Unsupported prompt" });
    }

    if (req.method === "GET") {
      const hint = typeof details.params.login_hint === "string" ? details.params.login_hint.slice(0, 254) : "";
      return renderLogin(res, uid, hint);
    }
    if (req.method !== "POST") {
      res.writeHead(405, { Allow: "GET, POST" }).end();
      return;
    }
    const form = await readForm(req);
    if (!form) {
      res.writeHead(400, { "Content-Type": "text/plain; charset=utf-8" }).end("Expected a URL-encoded form of at most 8 KiB");
      return;
    }
    const email = (form.get("email") ?? "").slice(0, 254);
    const password = (form.get("password") ?? "").slice(0, 1024);
    const user = verifyDemoCredentials(email, password);
    if (!user) return renderLogin(res, uid, email, 401, "Incorrect email or password.");
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: user.id, amr: ["pwd"], remember: true } },
      { mergeWithLastSubmission: false },
    );
  }

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", issuer).pathname;
    const [, uid] = INTERACTION_PATH.exec(path) ?? [];
    if (uid === undefined) return oidcCallback(req, res);
    handleInteraction(req, res, uid).catch((error: unknown) => {
      console.error("[dev-idp] interaction failed:", error);
      if (!res.headersSent) sendHtml(res, 500, renderMessagePage({ title: "Something went wrong", message: "The sign-in could not be completed. Try again." }));
      else res.end();
    });
  };

  const servers = await listen(handler, opts.port, opts.host);
  let stopped: Promise<void> | undefined;
  return {
    stop() {
      stopped ??= Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve, reject) => {
              server.close((error) => (error ? reject(error) : resolve()));
              server.closeAllConnections();
            }),
        ),
      ).then(() => undefined);
      return stopped;
    },
  };
}

/** Reads an `application/x-www-form-urlencoded` body of at most MAX_FORM_BYTES; null if it is anything else. */
async function readForm(req: IncomingMessage): Promise<URLSearchParams | null> {
  const [mediaType = ""] = (req.headers["content-type"] ?? "").split(";");
  const type = mediaType.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

/** Listens on the given host, or on loopback only: IPv4 must work, IPv6 is added when the machine has it. */
async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void, port: number, host?: string): Promise<Server[]> {
  const start = (address: string) =>
    new Promise<Server>((resolve, reject) => {
      const server = createServer(handler);
      server.keepAliveTimeout = 5_000;
      server.once("error", reject);
      server.listen({ port, host: address, ipv6Only: address.includes(":") }, () => {
        server.off("error", reject);
        resolve(server);
      });
    });
  if (host) return [await start(host)];
  const ipv4 = await start("127.0.0.1");
  const servers = [ipv4];
  try {
    servers.push(await start("::1"));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EADDRNOTAVAIL" && code !== "EAFNOSUPPORT") {
      await new Promise<void>((resolve) => ipv4.close(() => resolve()));
      throw error;
    }
  }
  return servers;
}

