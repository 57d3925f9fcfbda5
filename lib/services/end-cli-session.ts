import "server-only";
import { eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { sessions } from "@/db/schema";
import { hashSessionToken } from "./session-tokens";

/** `npm run cli -- logout`: deletes the session, so its credential signs no one in from then on, wherever a copy is. */
export async function endCliSession(db: Executor, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.sessionToken, hashSessionToken(token)));
}
