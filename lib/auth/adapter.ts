import "server-only";
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import type { Adapter, AdapterAccount, AdapterSession } from "next-auth/adapters";
import type { Database } from "@/db/client";
import { accounts, sessions, users, verificationTokens } from "@/db/schema";
import { hashSessionToken } from "@/lib/services/session-tokens";
import { noteSessionInUse } from "./sign-in-session";

// Shared with the command line's sessions (lib/services/session-tokens.ts), which live in the same table.
export { hashSessionToken };

/** Auth.js's drizzle adapter on our tables, keeping no IdP token and no session token in clear. */
export function countersignAdapter(db: Database): Adapter {
  return hashedSessions(tokenless(DrizzleAdapter(db, { usersTable: users, accountsTable: accounts, sessionsTable: sessions, verificationTokensTable: verificationTokens })));
}

/**
 * Linking an account keeps only who it is: the IdP's access, refresh and ID tokens are never written
 * to the database (the console never calls the IdP on a user's behalf).
 */
function tokenless(base: Adapter): Adapter {
  return {
    ...base,
    async linkAccount(account: AdapterAccount) {
      await base.linkAccount!({ userId: account.userId, type: account.type, provider: account.provider, providerAccountId: account.providerAccountId });
    },
  };
}

/**
 * The sessions table holds SHA-256(token), never the token: whoever reads the database (a dump, a
 * backup, a replica, a failed query's parameters) holds nothing that signs anyone in. The cookie
 * keeps the token, and Auth.js gets its own token back in every session it is handed. Each session
 * created or found is noted, so a sign-in can record its authentication on the right one.
 */
function hashedSessions(base: Adapter): Adapter {
  const withToken = (session: AdapterSession, token: string): AdapterSession => ({ ...session, sessionToken: token });
  return {
    ...base,
    async createSession(session) {
      const created = await base.createSession!({ ...session, sessionToken: hashSessionToken(session.sessionToken) });
      noteSessionInUse(session.sessionToken);
      return withToken(created, session.sessionToken);
    },
    async getSessionAndUser(token) {
      const found = await base.getSessionAndUser!(hashSessionToken(token));
      if (found) noteSessionInUse(token);
      return found && { user: found.user, session: withToken(found.session, token) };
    },
    async updateSession(session) {
      const updated = await base.updateSession!({ ...session, sessionToken: hashSessionToken(session.sessionToken) });
      return updated && withToken(updated, session.sessionToken);
    },
    async deleteSession(token) {
      await base.deleteSession!(hashSessionToken(token));
    },
  };
}
