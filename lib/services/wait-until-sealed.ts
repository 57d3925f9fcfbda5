import "server-only";
import { count, lte } from "drizzle-orm";
import type { Database } from "@/db/client";
import { eventSealQueue } from "@/db/schema";
import { SEALED_CHANNEL } from "./seal-events";
import { oneRow } from "@/db/one-row";

/** A re-check without a notification, in case one was missed (a dropped LISTEN connection). */
const RECHECK_MS = 1_000;

/**
 * Waits, at most `timeoutMs`, until the worker's sealer has chained every event with an id up to
 * `eventId`, re-checking whenever a seal commits (NOTIFY). Returns how many such events still wait:
 * 0 once the chain has caught up. Anyone may NOTIFY the channel; a notification only makes this
 * look again, so a forged one proves nothing.
 */
export async function waitUntilSealed(db: Database, eventId: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let sealed = false;
  let wake: (() => void) | null = null;
  const listener = await db.$client.listen(SEALED_CHANNEL, () => {
    sealed = true;
    wake?.();
  });
  try {
    for (;;) {
      sealed = false;
      const { waiting } = oneRow(await db.select({ waiting: count() }).from(eventSealQueue).where(lte(eventSealQueue.eventId, eventId)));
      const left = deadline - Date.now();
      if (waiting === 0 || left <= 0) return waiting;
      // A seal that committed while we counted has already set `sealed`: look again at once.
      if (sealed) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, RECHECK_MS));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  } finally {
    await listener.unlisten();
  }
}
