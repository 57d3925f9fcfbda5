import { z } from "zod";
import type { QueuePosition } from "@/lib/services/list-queue";

/** UTC with microseconds, as `listQueue` prints a position's timestamp. */
const UTC_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** A real instant, not just the right shape: month 13 or hour 25 would reach PostgreSQL as a 500. */
const isRealInstant = (at: string) => {
  const millis = `${at.slice(0, 23)}Z`;
  const date = new Date(millis);
  return !Number.isNaN(date.getTime()) && date.toISOString() === millis;
};

const ZQueuePosition = z.object({ at: z.string().regex(UTC_MICROS).refine(isRealInstant), id: z.uuid(), rank: z.number().int().min(0).max(3).optional() }).strict();

/** The opaque `cursor` a queue page hands out for the next one. */
export function encodeQueueCursor(position: QueuePosition): string {
  return Buffer.from(JSON.stringify(position)).toString("base64url");
}

/** Reads a `cursor` back; anything not made by `encodeQueueCursor` is a validation error on `cursor`. */
export const ZQueueCursor = z
  .string()
  .max(200)
  .transform((cursor, ctx) => {
    try {
      return ZQueuePosition.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    } catch {
      ctx.addIssue({ code: "custom", message: "Not a cursor from a previous page; start again from the first page." });
      return z.NEVER;
    }
  });
