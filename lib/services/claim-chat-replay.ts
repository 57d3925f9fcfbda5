import "server-only";
import { and, eq, lt } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { chatReplays } from "@/db/schema";

/**
 * The replay store for inbound chat requests: true the first time a (provider, key) is seen, false for
 * a replay. Keys are kept as long as the provider's own window could still accept the request
 * (`windowMs` either side of now, e.g. Slack's five minutes), then pruned: past that the window refuses a replay anyway.
 */
export async function claimChatReplay(db: Executor, provider: string, key: string, now: Date, windowMs: number): Promise<boolean> {
  const seenBefore = new Date(now.getTime() - 2 * windowMs);
  await db.delete(chatReplays).where(and(eq(chatReplays.provider, provider), lt(chatReplays.seenAt, seenBefore)));
  const inserted = await db.insert(chatReplays).values({ provider, key, seenAt: now }).onConflictDoNothing().returning({ key: chatReplays.key });
  return inserted.length === 1;
}
