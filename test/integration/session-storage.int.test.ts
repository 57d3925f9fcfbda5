import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { and, desc, eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import type { Adapter } from "next-auth/adapters";
import type { Database } from "../../db/client";
import { events, sessions } from "../../db/schema";
import { countersignAdapter, hashSessionToken } from "../../lib/auth/adapter";
import { presentedSessionToken, sessionInUse, withSignInSession } from "../../lib/auth/sign-in-session";
import { recordSignIn } from "../../lib/services/record-sign-in";
import { ownerDatabase, useTestDatabase } from "./test-database";

let db: Database;
let adapter: Adapter;
let userId: string;

beforeAll(async () => {
  db = await useTestDatabase();
  adapter = countersignAdapter(db);
  userId = (await adapter.createUser!({ id: randomUUID(), email: `s-${randomUUID()}@example.com`, emailVerified: null, name: "S" })).id;
});

const storedTokens = async () => (await ownerDatabase().select({ token: sessions.sessionToken }).from(sessions).where(eq(sessions.userId, userId))).map((row) => row.token);

describe("console sessions at rest", () => {
  it("stores SHA-256 of the token, and gives Auth.js its own token back", async () => {
    const token = randomUUID();
    const created = await adapter.createSession!({ sessionToken: token, userId, expires: new Date(Date.now() + 60_000) });
    expect(created.sessionToken).toBe(token);
    expect(await storedTokens()).toContain(hashSessionToken(token));
    expect(await storedTokens()).not.toContain(token);

    const found = await adapter.getSessionAndUser!(token);
    expect(found?.session.sessionToken).toBe(token);
    expect(found?.user.id).toBe(userId);

    const later = new Date(Date.now() + 120_000);
    const updated = await adapter.updateSession!({ sessionToken: token, expires: later });
    expect(updated).toMatchObject({ sessionToken: token, expires: later });

    await adapter.deleteSession!(token);
    expect(await adapter.getSessionAndUser!(token)).toBeNull();
    expect(await storedTokens()).not.toContain(hashSessionToken(token));
  });

  it("does not sign anyone in with what the table holds", async () => {
    const token = randomUUID();
    await adapter.createSession!({ sessionToken: token, userId, expires: new Date(Date.now() + 60_000) });
    expect(await adapter.getSessionAndUser!(hashSessionToken(token))).toBeNull();
  });

  it("migration 0007 removes sessions stored in clear and keeps hashed ones", async () => {
    const owner = ownerDatabase();
    const clear = randomUUID();
    const hashed = hashSessionToken(randomUUID());
    await owner.insert(sessions).values([clear, hashed].map((sessionToken) => ({ sessionToken, userId, expires: new Date(Date.now() + 60_000) })));
    await owner.$client.unsafe(readFileSync("db/migrations/0007_hashed_session_tokens.sql", "utf8"));
    const left = await storedTokens();
    expect(left).toContain(hashed);
    expect(left).not.toContain(clear);
    expect(left.every((token) => /^[0-9a-f]{64}$/.test(token))).toBe(true);
  });
});

describe("a sign-in's authentication, on its session", () => {
  const session = async (token: string) =>
    (await ownerDatabase().select().from(sessions).where(eq(sessions.sessionToken, hashSessionToken(token))))[0];
  const signedIn = (token: string, authentication: { time: Date | null; methods: string[]; contextClass: string | null }) =>
    recordSignIn({ userId, email: "s@example.com", name: "S", groups: ["reviewers"], sessionTokenHash: hashSessionToken(token), authentication });

  it("records auth_time, amr and acr, and a step-up on the same session replaces them", async () => {
    const token = randomUUID();
    await adapter.createSession!({ sessionToken: token, userId, expires: new Date(Date.now() + 60_000) });
    expect(await session(token)).toMatchObject({ authTime: null, amr: [], acr: null });

    const first = new Date("2026-12-01T10:00:00Z");
    await signedIn(token, { time: first, methods: ["pwd"], contextClass: null });
    expect(await session(token)).toMatchObject({ authTime: first, amr: ["pwd"], acr: null });

    const stepUp = new Date("2026-12-01T10:30:00Z");
    await signedIn(token, { time: stepUp, methods: ["pwd", "otp"], contextClass: "urn:example:mfa" });
    expect(await session(token)).toMatchObject({ authTime: stepUp, amr: ["pwd", "otp"], acr: "urn:example:mfa" });

    const found = await adapter.getSessionAndUser!(token);
    expect(found?.session).toMatchObject({ authTime: stepUp, amr: ["pwd", "otp"], acr: "urn:example:mfa" });
    const [event] = await ownerDatabase()
      .select({ data: events.data })
      .from(events)
      .where(and(eq(events.type, "user.signed_in"), eq(events.streamId, "s@example.com")))
      .orderBy(desc(events.occurredAt))
      .limit(1);
    expect(event?.data).toMatchObject({ authentication: { time: stepUp.toISOString(), methods: ["pwd", "otp"], contextClass: "urn:example:mfa" } });
  });

  it("fails the sign-in, recording nothing, when the session is not the signed-in person's", async () => {
    const otherUser = (await adapter.createUser!({ id: randomUUID(), email: `o-${randomUUID()}@example.com`, emailVerified: null, name: "O" })).id;
    const token = randomUUID();
    await adapter.createSession!({ sessionToken: token, userId: otherUser, expires: new Date(Date.now() + 60_000) });
    await expect(signedIn(token, { time: new Date(), methods: ["pwd"], contextClass: null })).rejects.toThrow(/session was not found/);
    await expect(signedIn(randomUUID(), { time: new Date(), methods: ["pwd"], contextClass: null })).rejects.toThrow(/session was not found/);
    expect(await session(token)).toMatchObject({ authTime: null, amr: [] });
  });

  it("notes, per Auth.js request, the session presented and the session the sign-in ends in", async () => {
    const presented = randomUUID();
    await adapter.createSession!({ sessionToken: presented, userId, expires: new Date(Date.now() + 60_000) });
    const created = randomUUID();
    const seen = await withSignInSession(async () => {
      const before = [presentedSessionToken(), sessionInUse()];
      await adapter.getSessionAndUser!(presented);
      const found = sessionInUse();
      await adapter.createSession!({ sessionToken: created, userId, expires: new Date(Date.now() + 60_000) });
      return [...before, found, sessionInUse()];
    })(new NextRequest("http://localhost:3999/api/auth/callback/oidc", { headers: { cookie: `authjs.session-token=${presented}` } }));
    expect(seen).toEqual([presented, undefined, presented, created]);
    // Outside an Auth.js request nothing is noted.
    await adapter.getSessionAndUser!(presented);
    expect(sessionInUse()).toBeUndefined();
  });
});
