import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDevIdpSecrets, startDevIdentityProvider } from "../../lib/dev-idp/server";
import { freePort } from "./global-setup";

/**
 * The development identity provider as the console meets it: the authorization code flow over HTTP,
 * cookies and all, with no browser. What a step-up relies on: when the person last typed their
 * password (`auth_time`), how (`amr`), and that `max_age` and `prompt=login` are honoured.
 */
const CLIENT_ID = "countersign-test";
const REDIRECT_URI = "http://localhost:1/api/auth/callback/oidc";

let issuer: string;
let clientSecret: string;
let stop: () => Promise<void>;

beforeAll(async () => {
  const port = await freePort();
  issuer = `http://localhost:${port}`;
  const secrets = generateDevIdpSecrets();
  clientSecret = secrets.clientSecret;
  const idp = await startDevIdentityProvider({
    port,
    issuer,
    clientId: CLIENT_ID,
    clientSecret,
    redirectUris: [REDIRECT_URI],
    cookieKeys: secrets.cookieKeys,
    jwks: secrets.jwks,
    host: "127.0.0.1",
  });
  stop = idp.stop;
});

afterAll(async () => {
  await stop?.();
});

/** One browser's cookies for the IdP (paths ignored: the provider reads its cookies by name). */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const separator = pair.indexOf("=");
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      const expired = attributes.some((attribute) => /^\s*expires=Thu, 01 Jan 1970/i.test(attribute));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

async function get(jar: CookieJar, url: string): Promise<Response> {
  const response = await fetch(new URL(url, issuer), { redirect: "manual", headers: { cookie: jar.header() } });
  jar.store(response);
  return response;
}

type Outcome = { askedForPassword: boolean; idToken: Record<string, unknown> };

/**
 * One sign-in: authorize with `params`, type the demo password if the IdP asks, exchange the code.
 * Reports whether the password was asked for, and the ID token's claims.
 */
async function signIn(jar: CookieJar, email: string, params: Record<string, string> = {}): Promise<Outcome> {
  const verifier = randomBytes(32).toString("base64url");
  const state = randomBytes(16).toString("base64url");
  const query = new URLSearchParams({
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    response_type: "code",
    scope: "openid email profile groups",
    state,
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
    ...params,
  });
  let response = await get(jar, `/auth?${query}`);
  let askedForPassword = false;
  for (let hops = 0; hops < 10; hops++) {
    const location = response.headers.get("location");
    expect(response.status, `a redirect, not ${response.status}`).toBeGreaterThanOrEqual(300);
    expect(location).toBeTruthy();
    const next = new URL(location!, issuer);
    if (next.href.startsWith(REDIRECT_URI)) {
      expect(next.searchParams.get("state")).toBe(state);
      const code = next.searchParams.get("code");
      expect(code, next.searchParams.get("error_description") ?? "no code").toBeTruthy();
      return { askedForPassword, idToken: await exchange(code!, verifier) };
    }
    if (next.pathname.startsWith("/interaction/")) {
      const page = await get(jar, next.pathname);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<label for="password">Password</label>');
      askedForPassword = true;
      response = await fetch(new URL(next.pathname, issuer), {
        method: "POST",
        redirect: "manual",
        headers: { cookie: jar.header(), "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email, password: "demo" }),
      });
      jar.store(response);
      continue;
    }
    response = await get(jar, next.href);
  }
  throw new Error("the sign-in did not come back to the client");
}

async function exchange(code: string, verifier: string): Promise<Record<string, unknown>> {
  const response = await fetch(new URL("/token", issuer), {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${clientSecret}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI, code_verifier: verifier }),
  });
  const body = (await response.json()) as { id_token?: string };
  expect(response.status).toBe(200);
  const [, payload = ""] = (body.id_token ?? "").split(".");
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
}

const secondsNow = () => Math.floor(Date.now() / 1000);
/** auth_time has a one-second grain: wait until the clock has moved past `time`. */
const nextSecondAfter = async (time: number) => {
  while (secondsNow() <= time) await new Promise((resolve) => setTimeout(resolve, 100));
};

describe("development identity provider, for step-up", () => {
  it("puts auth_time and amr in the ID token of a plain sign-in", async () => {
    const before = secondsNow();
    const { askedForPassword, idToken } = await signIn(new CookieJar(), "grace@example.com");
    expect(askedForPassword).toBe(true);
    expect(idToken).toMatchObject({ sub: "grace", email: "grace@example.com", groups: ["reviewers", "security"], amr: ["pwd"] });
    expect(idToken.auth_time).toBeGreaterThanOrEqual(before);
    expect(idToken.auth_time).toBeLessThanOrEqual(secondsNow());
  });

  it("asks for the password on every plain sign-in, even with a live session", async () => {
    const jar = new CookieJar();
    await signIn(jar, "alice@example.com");
    const again = await signIn(jar, "alice@example.com");
    expect(again.askedForPassword).toBe(true);
    expect(again.idToken).toMatchObject({ sub: "alice" });
  });

  it("honours max_age: a younger sign-in is reused, an older one asks for the password again", async () => {
    const jar = new CookieJar();
    const first = (await signIn(jar, "frank@example.com")).idToken.auth_time as number;
    await nextSecondAfter(first);

    const recent = await signIn(jar, "frank@example.com", { max_age: "3600" });
    expect(recent.askedForPassword).toBe(false);
    expect(recent.idToken.auth_time).toBe(first);

    const stale = await signIn(jar, "frank@example.com", { max_age: "0" });
    expect(stale.askedForPassword).toBe(true);
    expect(stale.idToken).toMatchObject({ sub: "frank", amr: ["pwd"] });
    expect(stale.idToken.auth_time).toBeGreaterThan(first);
  });

  it("honours prompt=login within max_age", async () => {
    const jar = new CookieJar();
    const first = (await signIn(jar, "dave@example.com")).idToken.auth_time as number;
    await nextSecondAfter(first);
    const again = await signIn(jar, "dave@example.com", { max_age: "3600", prompt: "login" });
    expect(again.askedForPassword).toBe(true);
    expect(again.idToken.auth_time).toBeGreaterThan(first);
  });
});
