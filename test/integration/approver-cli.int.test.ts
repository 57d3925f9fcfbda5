import { mkdtempSync, readFileSync, statSync } from "node:fs";
import type { Server } from "node:http";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, assert, beforeAll, describe, expect, it } from "vitest";
import { POST as startRoute } from "../../app/api/console/cli-sessions/device-authorizations/route";
import { POST as finishRoute } from "../../app/api/console/cli-sessions/route";
import { POST as signOutRoute } from "../../app/api/console/cli-sessions/sign-out/route";
import { GET as queueRoute } from "../../app/api/console/queue/route";
import { GET as detailRoute } from "../../app/api/console/requests/[requestId]/route";
import { POST as decisionsRoute } from "../../app/api/console/requests/[requestId]/decisions/route";
import type { Database } from "../../db/client";
import { decisions, events, sessions, users } from "../../db/schema";
import { generateDevIdpSecrets, startDevIdentityProvider } from "../../lib/dev-idp/server";
import { hashSessionToken } from "../../lib/services/session-tokens";
import { parsePolicyYaml } from "../../lib/domain/policy/parse-document";
import { installPolicy, seedAgent, submitSample, type SeededAgent } from "./fixtures";
import { freePort } from "./global-setup";
import { serveRoutes, stopServer, type Route, type RouteHandler } from "./route-server";
import { runCli } from "./run-cli";
import { ownerDatabase, useTestDatabase } from "./test-database";

/**
 * The approver's command line end to end, minus the browser: the real CLI process signs in with the
 * device authorization grant against the real development IdP (the test plays the person typing the
 * code and password), then calls the console's real route handlers over HTTP with its session.
 */
let db: Database;
let agent: SeededAgent;
let issuer: string;
let consoleUrl: string;
let stopIdp: () => Promise<void>;
let server: Server;
const folder = mkdtempSync(path.join(os.tmpdir(), "countersign-cli-"));

const ROUTES: Route[] = [
  ["POST", /^\/api\/console\/cli-sessions\/device-authorizations$/, startRoute as RouteHandler],
  ["POST", /^\/api\/console\/cli-sessions$/, finishRoute as RouteHandler],
  ["POST", /^\/api\/console\/cli-sessions\/sign-out$/, signOutRoute as RouteHandler],
  ["GET", /^\/api\/console\/queue$/, queueRoute as RouteHandler],
  ["GET", /^\/api\/console\/requests\/(?<requestId>[^/]+)$/, detailRoute as RouteHandler],
  ["POST", /^\/api\/console\/requests\/(?<requestId>[^/]+)\/decisions$/, decisionsRoute as RouteHandler],
];

beforeAll(async () => {
  db = await useTestDatabase();
  agent = await seedAgent(db);
  const [idpPort, consolePort] = [await freePort(), await freePort()];
  issuer = `http://localhost:${idpPort}`;
  consoleUrl = `http://127.0.0.1:${consolePort}`;
  const secrets = generateDevIdpSecrets();
  Object.assign(process.env, { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: "countersign-cli-test", OIDC_CLIENT_SECRET: secrets.clientSecret, REVIEWER_GROUPS: "reviewers", AUDITOR_GROUPS: "auditors", ADMIN_GROUPS: "admins" });
  const idp = await startDevIdentityProvider({
    port: idpPort,
    issuer,
    clientId: "countersign-cli-test",
    clientSecret: secrets.clientSecret,
    redirectUris: [`${consoleUrl}/api/auth/callback/oidc`],
    cookieKeys: secrets.cookieKeys,
    jwks: secrets.jwks,
    host: "127.0.0.1",
  });
  stopIdp = idp.stop;
  server = await serveRoutes(consolePort, ROUTES);
});

afterAll(async () => {
  await stopServer(server);
  await stopIdp?.();
});

/** The person at the IdP's device page: types the code, confirms, signs in with the demo password. */
async function approveDeviceCode(userCode: string, email: string): Promise<void> {
  const cookies = new Map<string, string>();
  const jar = () => [...cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  const send = async (url: string, form?: Record<string, string>) => {
    const response = await fetch(new URL(url, issuer), {
      method: form ? "POST" : "GET",
      redirect: "manual",
      headers: { cookie: jar(), ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
      body: form ? new URLSearchParams(form) : undefined,
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      cookies.set(pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1));
    }
    return response;
  };
  const page = await (await send("/device")).text();
  const xsrf = /name="xsrf" value="([^"]+)"/.exec(page)?.[1];
  expect(xsrf, "the device page's form").toBeTruthy();
  let response = await send("/device", { xsrf: xsrf!, user_code: userCode, confirm: "yes" });
  for (let hops = 0; hops < 8 && response.headers.get("location"); hops++) {
    const next = new URL(response.headers.get("location")!, issuer);
    response = next.pathname.startsWith("/interaction/") ? await send(next.pathname, { email, password: "demo" }) : await send(next.href);
  }
  expect(await response.text()).toContain("You are signed in on the command line");
}

const STEP_UP_POLICY = `name: Step-up for IAM
rules:
  - name: IAM needs a fresh sign-in
    match: { action: "iam.*" }
    outcome: require
    stages: [ { approvals: 1, groups: [reviewers] } ]
    ttl: 1h
    stepUp: 5
default:
  outcome: require
  stages: [ { approvals: 1, groups: [reviewers] } ]
  ttl: 1h
`;

type Person = { email: string; credentials: string };
const person = (email: string): Person => ({ email, credentials: path.join(folder, `${email}.json`) });
const alice = person("alice@example.com");
const carol = person("carol@example.com");

/** `npm run cli -- ARGS` as `who`; a sign-in prompt on standard error is answered at the IdP as them. */
function cli(who: Person, args: string[]) {
  let prompt = "";
  let answering: Promise<void> | undefined;
  const env = { ...process.env, COUNTERSIGN_URL: consoleUrl, COUNTERSIGN_CREDENTIALS: who.credentials };
  const run = runCli(args, {
    env,
    onStderr: (text) => {
      prompt += text;
      const code = / enter the code ([A-Z]{4}-[A-Z]{4})/.exec(prompt)?.[1];
      if (code && !answering) answering = approveDeviceCode(code, who.email);
    },
  });
  return run.then(async (result) => {
    await answering;
    return result;
  });
}

const storedToken = (who: Person) => (JSON.parse(readFileSync(who.credentials, "utf8")) as { token: string }).token;
const callAs = (token: string, urlPath: string, init: RequestInit = {}) =>
  fetch(`${consoleUrl}${urlPath}`, { ...init, headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...init.headers } });

describe("approvers on the command line", () => {
  it("signs in with the device flow, stores the session 0600 and only its hash on the server, with the IdP's auth_time and amr", async () => {
    const before = Math.floor(Date.now() / 1000);
    const result = await cli(alice, ["login"]);
    expect(result.stderr).toMatch(new RegExp(`open ${issuer}/device and enter the code [A-Z]{4}-[A-Z]{4}`));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("Signed in as alice@example.com");
    expect(statSync(alice.credentials).mode & 0o777).toBe(0o600);
    const token = storedToken(alice);
    expect(token).toMatch(/^cs_cli_/);
    expect(result.stdout + result.stderr).not.toContain(token);

    const [row] = await ownerDatabase().select().from(sessions).innerJoin(users, eq(users.id, sessions.userId)).where(eq(sessions.sessionToken, hashSessionToken(token)));
    expect(row?.users.email).toBe("alice@example.com");
    expect(row?.sessions.amr).toEqual(["pwd"]);
    expect(row!.sessions.authTime!.getTime() / 1000).toBeGreaterThanOrEqual(before - 1);
    expect(row!.sessions.expires.getTime()).toBeLessThanOrEqual(Date.now() + 8 * 3600 * 1000);
    expect(await ownerDatabase().select().from(sessions).where(eq(sessions.sessionToken, token))).toEqual([]);
    const signedIn = await db.select().from(events).where(and(eq(events.type, "user.signed_in"), eq(events.streamId, "alice@example.com")));
    expect(signedIn).toHaveLength(1);
  }, 90_000);

  it("lists, shows and approves as the person: the decision and its event carry alice and her sign-in", async () => {
    const request = await submitSample(db, agent, { summary: "Approve me from the terminal" });
    const list = await cli(alice, ["requests", "list"]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain(`${request.id}  pending`);
    const show = await cli(alice, ["requests", "show", request.id]);
    expect(show.stdout).toContain("Approve me from the terminal");
    expect(show.stdout).toContain("you may approve or reject it.");

    const approved = await cli(alice, ["requests", "approve", request.id, "--reason", "Checked the query"]);
    expect(approved.code, approved.stderr).toBe(0);
    expect(JSON.parse(approved.stdout)).toMatchObject({ status: "approved" });
    const [decision] = await db.select().from(decisions).where(eq(decisions.requestId, request.id));
    expect(decision).toMatchObject({ deciderId: "alice@example.com", deciderKind: "user", outcome: "approve", reason: "Checked the query" });
    const [event] = await db.select().from(events).where(and(eq(events.streamId, request.id), eq(events.type, "decision.approved")));
    expect(event?.actor).toMatchObject({ kind: "user", id: "alice@example.com", authentication: { methods: ["pwd"] } });
    expect((event?.actor as { authentication?: { time?: string } }).authentication?.time).toEqual(expect.any(String));
  }, 60_000);

  it("refuses alice a request made on her behalf (canDecide), and records nothing", async () => {
    const request = await submitSample(db, agent, { summary: "Alice's own export", onBehalfOf: "alice@example.com" });
    const result = await cli(alice, ["requests", "approve", request.id, "--reason", "mine"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("error: This request was made on your behalf, so someone else must decide it.");
    expect(await db.select().from(decisions).where(eq(decisions.requestId, request.id))).toEqual([]);
  }, 60_000);

  it("refuses a stale sign-in where the rule wants a step-up, with the server's code, and says to sign in with max_age", async () => {
    const parsed = parsePolicyYaml(STEP_UP_POLICY);
    assert(parsed.ok);
    await installPolicy(db, parsed.document);
    const request = await submitSample(db, agent, { action: "iam.grant", summary: "Grant admin" });
    await ownerDatabase().update(sessions).set({ authTime: new Date(Date.now() - 3600_000) }).where(eq(sessions.sessionToken, hashSessionToken(storedToken(alice))));

    const refused = await callAs(storedToken(alice), `/api/console/requests/${request.id}/decisions`, { method: "POST", body: JSON.stringify({ outcome: "approve", reason: "ok" }) });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ type: "urn:countersign:problem:step-up-required" });
    const result = await cli(alice, ["requests", "approve", request.id, "--reason", "ok"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("npm run cli -- login --max-age 240");
    expect(await db.select().from(decisions).where(eq(decisions.requestId, request.id))).toEqual([]);
  }, 60_000);

  it("refuses an auditor's decision", async () => {
    const request = await submitSample(db, agent, { summary: "Not for auditors" });
    const result = await cli(carol, ["requests", "approve", request.id, "--reason", "looks fine"]);
    expect(result.stderr).toContain("enter the code");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Auditors have read-only access");
    expect(await db.select().from(decisions).where(eq(decisions.requestId, request.id))).toEqual([]);
  }, 90_000);

  it("refuses a credential that is not a live session: forged, the stored hash, expired, or signed out (revoked)", async () => {
    const queue = (token: string) => callAs(token, "/api/console/queue");
    const token = storedToken(carol);
    expect((await queue(token)).status).toBe(200);
    expect((await queue(`cs_cli_${"A".repeat(43)}`)).status).toBe(401);
    expect((await queue(`cs_cli_${hashSessionToken(token)}`)).status).toBe(401);

    await ownerDatabase().update(sessions).set({ expires: new Date(Date.now() - 1000) }).where(eq(sessions.sessionToken, hashSessionToken(token)));
    const expired = await queue(token);
    expect(expired.status).toBe(401);
    expect(expired.headers.get("content-type")).toBe("application/problem+json");
    const result = await cli(carol, ["requests", "list"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Sign in again: npm run cli -- login");

    const aliceToken = storedToken(alice);
    const out = await cli(alice, ["logout"]);
    expect(out.code, out.stderr).toBe(0);
    expect((await queue(aliceToken)).status).toBe(401);
    expect(await ownerDatabase().select().from(sessions).where(eq(sessions.sessionToken, hashSessionToken(aliceToken)))).toEqual([]);
  }, 60_000);
});
