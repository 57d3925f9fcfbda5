import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Adapter } from "next-auth/adapters";
import type { Database } from "../../db/client";
import { sessions } from "../../db/schema";
import { countersignAdapter, hashSessionToken } from "../../lib/auth/adapter";
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
