import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { appendEvents } from "@/db/event-store";
import { users } from "@/db/schema";

/**
 * Called by Auth.js after every successful OIDC sign-in. Auth.js does not refresh user fields on later
 * logins, so the groups claim is written here; roles are always derived from the latest one.
 */
export async function recordSignIn(input: { userId: string; email: string; name: string | null; groups: string[] }) {
  const now = new Date();
  await getDb().transaction(async (tx) => {
    await tx.update(users).set({ groups: input.groups, name: input.name }).where(eq(users.id, input.userId));
    await appendEvents(
      tx,
      [
        {
          type: "user.signed_in",
          streamType: "user",
          streamId: input.email,
          actor: { kind: "user", id: input.email, auth: "oidc", groups: input.groups },
          data: { email: input.email, groups: input.groups },
        },
      ],
      { now },
    );
  });
}
