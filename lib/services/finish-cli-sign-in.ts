import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { accounts, sessions, users } from "@/db/schema";
import { authenticationFromClaims } from "@/lib/domain/authentication";
import { groupsFromClaim } from "@/lib/domain/roles";
import { ServiceError } from "./errors";
import { pollDeviceToken } from "./oidc-device-client";
import { recordSignIn } from "./record-sign-in";
import type { ServiceContext } from "./service-context";
import { generateCliSessionToken, hashSessionToken } from "./session-tokens";

/** As long as a console session: one working day, then sign in again. Not extended by use. */
export const CLI_SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;
/** Auth.js's name for the console's one OpenID Connect provider (lib/auth), under which accounts are linked. */
export const PROVIDER_ID = "oidc";

export type CliSignIn = { status: "pending"; slowDown: boolean } | { status: "signed-in"; token: string; email: string; expiresAt: string };

/**
 * Redeems a command-line sign-in's device code. Until the person has typed the code and signed in,
 * answers `pending`. Then, from the ID token the console itself fetched and verified: the same person
 * as the browser would be (the account linked by the provider's `sub`, created on a first sign-in as
 * Auth.js would), a session in the console's sessions table stored as SHA-256 of a fresh bearer
 * credential, and the sign-in recorded exactly as a browser's (`recordSignIn`: groups, auth_time,
 * amr and acr on the session, a `user.signed_in` event). The credential is returned once, here.
 */
export async function finishCliSignIn(ctx: ServiceContext, deviceCode: string): Promise<CliSignIn> {
  const outcome = await pollDeviceToken(deviceCode);
  if (outcome.status === "pending") return outcome;
  const { claims } = outcome;
  const email = typeof claims.email === "string" ? claims.email : "";
  // People are identified by email everywhere (events, separation of duties): no email, no entry.
  if (!claims.sub || !email || claims.email_verified === false) throw new ServiceError("FORBIDDEN", "The identity provider did not vouch for an email address, so the console cannot sign you in.");
  const name = typeof claims.name === "string" ? claims.name : null;
  const token = generateCliSessionToken();
  const expires = new Date(ctx.now.getTime() + CLI_SESSION_MAX_AGE_SECONDS * 1000);
  const user = await ctx.db.transaction(async (tx) => {
    const person = await linkedUser(tx, claims.sub!, email, name);
    await tx.insert(sessions).values({ sessionToken: hashSessionToken(token), userId: person.id, expires });
    return person;
  });
  await recordSignIn({
    userId: user.id,
    email: user.email,
    name,
    groups: groupsFromClaim(claims.groups),
    sessionTokenHash: hashSessionToken(token),
    authentication: authenticationFromClaims(claims),
  });
  return { status: "signed-in", token, email: user.email, expiresAt: expires.toISOString() };
}

/**
 * The console user behind the provider's `sub`, created with its account link on a first sign-in, as
 * Auth.js would. Their email is the one their console user holds, which their events carry.
 */
async function linkedUser(tx: Transaction, sub: string, email: string, name: string | null): Promise<{ id: string; email: string }> {
  const [linked] = await tx
    .select({ id: users.id, email: users.email })
    .from(accounts)
    .innerJoin(users, eq(users.id, accounts.userId))
    .where(and(eq(accounts.provider, PROVIDER_ID), eq(accounts.providerAccountId, sub)));
  if (linked?.email) return { id: linked.id, email: linked.email };
  // As Auth.js: an email already used by another account is not linked silently to this one.
  const [sameEmail] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = lower(${email})`);
  if (sameEmail) throw new ServiceError("FORBIDDEN", "This email address is already linked to another sign-in at the identity provider.");
  const id = randomUUID();
  await tx.insert(users).values({ id, email, name });
  await tx.insert(accounts).values({ userId: id, type: "oidc", provider: PROVIDER_ID, providerAccountId: sub });
  return { id, email };
}
