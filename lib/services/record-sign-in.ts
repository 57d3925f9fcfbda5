import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { appendEvents } from "@/db/event-store";
import { sessions, users } from "@/db/schema";
import type { Authentication } from "@/lib/domain/authentication";

/**
 * Called by Auth.js after every successful OIDC sign-in, a step-up included. Auth.js does not refresh
 * user fields on later logins, so the groups claim is written here; roles are always derived from the
 * latest one. The session the sign-in ends in (by the SHA-256 of its token, as the table keeps it)
 * records when and how the person authenticated, which a step-up requirement checks.
 */
export async function recordSignIn(input: {
  userId: string;
  email: string;
  name: string | null;
  groups: string[];
  sessionTokenHash: string;
  authentication: Authentication;
}) {
  const now = new Date();
  const { time, methods, contextClass } = input.authentication;
  await getDb().transaction(async (tx) => {
    await tx.update(users).set({ groups: input.groups, name: input.name }).where(eq(users.id, input.userId));
    const recorded = await tx
      .update(sessions)
      .set({ authTime: time, amr: methods, acr: contextClass })
      .where(and(eq(sessions.sessionToken, input.sessionTokenHash), eq(sessions.userId, input.userId)))
      .returning({ userId: sessions.userId });
    // Fail the sign-in rather than leave a session whose authentication nobody recorded.
    if (recorded.length !== 1) throw new Error("The sign-in's console session was not found");
    await appendEvents(
      tx,
      [
        {
          type: "user.signed_in",
          streamType: "user",
          streamId: input.email,
          actor: { kind: "user", id: input.email, auth: "oidc", groups: input.groups },
          data: {
            email: input.email,
            groups: input.groups,
            authentication: { time: time?.toISOString() ?? null, methods, contextClass },
          },
        },
      ],
      { now },
    );
  });
}
