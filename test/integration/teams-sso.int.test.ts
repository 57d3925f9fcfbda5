import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, asc, eq } from "drizzle-orm";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as teamsMessages } from "../../app/api/teams/messages/route";
import type { Database } from "../../db/client";
import { accounts, chatLinks, decisions, events, grants, users } from "../../db/schema";
import { startTeamsStandIn, type InvokeAnswer, type TeamsStandIn } from "../../lib/dev-teams/server";
import type { TeamsStandInUser } from "../../lib/dev-teams/teams-users";
import { alice as aliceActor, bob as bobActor, erin as erinActor, installPolicy, quorumDocument, seedAgent, submitSample, type SeededAgent } from "./fixtures";
import { freePort } from "./global-setup";
import { serveRoutes, stopServer, type RouteHandler } from "./route-server";
import { useTestDatabase } from "./test-database";

/**
 * Teams' token exchange (Universal Actions' login request with `tokenExchangeResource`): the retried
 * invoke carries a token from the console's identity provider. What is under test is our verification
 * and linking, so the provider is a local OpenID issuer (discovery document + JWKS, made with jose),
 * as the Teams stand-in is for the Bot Connector.
 */
const APP_ID = "0b5e7f9a-6c1d-4e2f-8a3b-9c4d5e6f7a81";
const CLIENT_ID = "countersign-console";
const RESOURCE = "api://countersign.example.com/countersign-console";
const CONNECTION = "countersign";

type LocalIssuer = { url: string; sign: (claims: JWTPayload, key?: "published" | "unpublished") => Promise<string>; stop: () => Promise<void> };

async function startLocalIssuer(): Promise<LocalIssuer> {
  const published = await generateKeyPair("RS256");
  const unpublished = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(published.publicKey)), kid: "published", alg: "RS256", use: "sig" };
  const server: Server = createServer((request, response) => {
    const body =
      request.url === "/.well-known/openid-configuration"
        ? { issuer: url, jwks_uri: `${url}/keys`, token_endpoint: `${url}/token`, authorization_endpoint: `${url}/authorize` }
        : request.url === "/keys"
          ? { keys: [jwk] }
          : null;
    response.writeHead(body ? 200 : 404, { "content-type": "application/json" }).end(JSON.stringify(body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    sign: (claims, key = "published") => {
      const privateKey: CryptoKey = key === "published" ? published.privateKey : unpublished.privateKey;
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ iss: url, aud: CLIENT_ID, iat: now, nbf: now, exp: now + 3600, ...claims }).setProtectedHeader({ alg: "RS256", kid: "published" }).sign(privateKey);
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const port = await freePort();
const standIn: TeamsStandIn = await startTeamsStandIn({ botEndpoint: `http://127.0.0.1:${port}/api/teams/messages`, appId: APP_ID });
const idp = await startLocalIssuer();
vi.stubEnv("TEAMS_APP_ID", APP_ID);
vi.stubEnv("TEAMS_OPENID_METADATA", standIn.metadataUrl);
vi.stubEnv("TEAMS_SSO_RESOURCE", RESOURCE);
vi.stubEnv("TEAMS_SSO_CONNECTION", CONNECTION);
vi.stubEnv("OIDC_ISSUER", idp.url);
vi.stubEnv("OIDC_CLIENT_ID", CLIENT_ID);

let db: Database;
let server: Server;
let agent: SeededAgent;
const subjectOf = (email: string) => `idp-subject-${email}`;

beforeAll(async () => {
  db = await useTestDatabase();
  server = await serveRoutes(port, [["POST", /^\/api\/teams\/messages$/, teamsMessages as RouteHandler]]);
  // alice and bob have signed in to the console before (Auth.js's account rows hold their subjects); erin owns the agent.
  const people = [aliceActor, bobActor, erinActor];
  await db.insert(users).values(people.map((person) => ({ id: person.id, email: person.email, name: person.name, groups: person.groups })));
  await db.insert(accounts).values([aliceActor, bobActor].map((person) => ({ userId: person.id, type: "oidc", provider: "oidc", providerAccountId: subjectOf(person.email) })));
  agent = await seedAgent(db);
  await installPolicy(db, quorumDocument(1));
});

afterAll(async () => {
  await stopServer(server);
  await standIn.stop();
  await idp.stop();
  vi.unstubAllEnvs();
});

const teamsUser = (key: string) => standIn.users.find((user) => user.key === key)!;
const [alice, bob, carol] = ["alice", "bob", "carol"].map(teamsUser) as [TeamsStandInUser, TeamsStandInUser, TeamsStandInUser];

/** The token a Teams client would obtain silently for `person` signed in to Teams as `teams`. */
const tokenFor = (person: typeof bobActor, teams: TeamsStandInUser, claims: JWTPayload = {}, key?: "published" | "unpublished") =>
  idp.sign({ sub: subjectOf(person.email), email: person.email, oid: teams.aadObjectId, tid: standIn.tenantId, aud: RESOURCE, ...claims }, key);

/** An Approve click retried with the exchanged token, as the Teams client sends it after the login request. */
const approveWith = (user: TeamsStandInUser, requestId: string, token: string, id = crypto.randomUUID()) =>
  standIn.send({
    id,
    type: "invoke",
    name: "adaptiveCard/action",
    from: { id: user.teamsUserId, aadObjectId: user.aadObjectId, name: user.name },
    value: { action: { type: "Action.Execute", verb: "countersign.approve", data: { requestId } }, trigger: "manual", authentication: { id: "exchange", token, connectionName: CONNECTION } },
  });

const linksOf = (user: TeamsStandInUser) => db.select().from(chatLinks).where(and(eq(chatLinks.provider, "teams"), eq(chatLinks.externalUserId, user.aadObjectId)));
const decisionsOf = (requestId: string) => db.select().from(decisions).where(eq(decisions.requestId, requestId));
const refusalsOf = (user: TeamsStandInUser) =>
  db.select().from(events).where(and(eq(events.type, "chat.refused"), eq(events.streamId, `teams:${standIn.tenantId}:${user.aadObjectId}`))).orderBy(asc(events.id));
const isLoginRequest = (answer: InvokeAnswer) => expect(answer.body).toMatchObject({ statusCode: 401, type: "application/vnd.microsoft.activity.loginRequest" });

describe("Teams: sign-in inside the card (the token exchange)", () => {
  it("asks an unlinked user's client for a token of the console's resource, keeping the sign-in link for clients that cannot exchange", async () => {
    const request = await submitSample(db, agent, { summary: "SSO: the login request" });
    const answer = await standIn.invoke(carol, { verb: "countersign.approve", data: { requestId: request.id } });
    isLoginRequest(answer);
    expect(answer.body?.value).toMatchObject({
      connectionName: CONNECTION,
      tokenExchangeResource: { id: expect.any(String), uri: RESOURCE },
      buttons: [{ type: "signin", value: expect.stringMatching(/\/link\/chat\?state=/) }],
    });
  });

  const refusals: [string, () => Promise<string>, string, RegExp][] = [
    ["a token from another issuer", () => tokenFor(aliceActor, alice, { iss: "https://login.example.net/other" }), "SSO_TOKEN_INVALID", /not from the console's identity provider/],
    ["a token for another audience", () => tokenFor(aliceActor, alice, { aud: "api://someone-else" }), "SSO_TOKEN_INVALID", /another application/],
    ["a token expired beyond the minute of skew", () => tokenFor(aliceActor, alice, { exp: Math.floor(Date.now() / 1000) - 120, nbf: Math.floor(Date.now() / 1000) - 3600 }), "SSO_TOKEN_INVALID", /expired/],
    ["a token signed by a key the provider does not publish", () => tokenFor(aliceActor, alice, {}, "unpublished"), "SSO_TOKEN_INVALID", /did not verify/],
    ["a token without an email", () => tokenFor(aliceActor, alice, { email: undefined }), "SSO_TOKEN_INVALID", /no subject or no email/],
    ["a token for a subject who never signed in to the console", () => tokenFor(aliceActor, alice, { sub: "idp-subject-nobody" }), "SSO_NO_ACCOUNT", /Nobody has signed in/],
    // bob's own, valid token sent from alice's Teams account (a token passed on or stolen): its oid is bob's.
    ["bob's token from alice's Teams account", () => tokenFor(bobActor, bob), "SSO_TOKEN_INVALID", /another Teams user/],
    ["a token naming alice's subject but bob's Entra object id", () => tokenFor(aliceActor, bob), "SSO_TOKEN_INVALID", /another Teams user/],
  ];

  it.each(refusals)("refuses %s: the login request again, recorded as chat.refused, nothing linked or decided", async (_, forge, code, reason) => {
    const request = await submitSample(db, agent, { summary: "SSO: refused" });
    const token = await forge();
    const answer = await approveWith(alice, request.id, token);
    isLoginRequest(answer);
    expect(await linksOf(alice)).toEqual([]);
    expect(await decisionsOf(request.id)).toEqual([]);
    const refused = (await refusalsOf(alice)).find((event) => (event.data as { requestId: string }).requestId === request.id);
    expect(refused?.data).toMatchObject({ provider: "teams", code, reason: expect.stringMatching(reason) });
    expect(JSON.stringify(refused)).not.toContain(token.split(".")[2]!);
    if (code === "SSO_NO_ACCOUNT") expect(JSON.stringify(answer.body?.value)).toContain("Sign in to Countersign once in your browser");
  });

  it("links bob's Teams account by his identity-provider subject and approves in the same invoke; a replay of that invoke is refused", async () => {
    const request = await submitSample(db, agent, { summary: "SSO: bob approves" });
    const token = await tokenFor(bobActor, bob);
    const activityId = crypto.randomUUID();
    const answer = await approveWith(bob, request.id, token, activityId);
    expect(answer.body?.type).toBe("application/vnd.microsoft.card.adaptive");
    expect(JSON.stringify(answer.body?.value)).toContain("You approved this request.");

    expect(await linksOf(bob)).toMatchObject([{ workspace: standIn.tenantId, userId: bobActor.id }]);
    const [linked] = await db.select().from(events).where(and(eq(events.type, "chat.linked"), eq(events.streamId, bobActor.id)));
    expect(linked).toMatchObject({ actor: { id: bobActor.email }, data: { provider: "teams", workspace: standIn.tenantId, externalUserId: bob.aadObjectId } });
    const [approved] = await db.select().from(events).where(and(eq(events.type, "decision.approved"), eq(events.streamId, request.id)));
    expect(approved?.actor).toMatchObject({ id: bobActor.email, auth: "chat-link", via: { provider: "teams", workspace: standIn.tenantId, externalUserId: bob.aadObjectId } });
    expect(await db.select().from(grants).where(eq(grants.requestId, request.id))).toHaveLength(1);

    const replayed = await approveWith(bob, request.id, token, activityId);
    expect(replayed.body).toMatchObject({ statusCode: 409, type: "application/vnd.microsoft.error" });
    expect(await decisionsOf(request.id)).toHaveLength(1);
    expect(await db.select().from(events).where(and(eq(events.type, "chat.linked"), eq(events.streamId, bobActor.id)))).toHaveLength(1);
  });

  it("refuses a valid token for a Teams account already linked to another person, and keeps that link", async () => {
    const request = await submitSample(db, agent, { summary: "SSO: already linked" });
    // bob's Teams account is linked to bob (above); alice's subject with bob's Teams identity cannot take it over.
    const answer = await approveWith(bob, request.id, await idp.sign({ sub: subjectOf(aliceActor.email), email: aliceActor.email, oid: bob.aadObjectId, tid: standIn.tenantId, aud: CLIENT_ID }));
    isLoginRequest(answer);
    expect(await linksOf(bob)).toMatchObject([{ userId: bobActor.id }]);
    expect(await decisionsOf(request.id)).toEqual([]);
    expect((await refusalsOf(bob)).at(-1)?.data).toMatchObject({ code: "LINKED_TO_ANOTHER", requestId: request.id });
  });
});
