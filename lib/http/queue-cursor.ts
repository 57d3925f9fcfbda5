import { z } from "zod";
import type { QueuePosition } from "@/lib/services/list-queue";

/** PostgreSQL's text form of a timestamptz, which is what a queue position carries. */
const POSTGRES_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/;

const ZQueuePosition = z.object({ at: z.string().regex(POSTGRES_TIMESTAMP), id: z.uuid() }).strict();

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
