import { bigint, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * An evidence pack built in the background by the worker: who asked (and the identity the pack is
 * exported as), for which period and sample seed, its progress in events, and when done the file's
 * name under EVIDENCE_EXPORT_DIR and its SHA-256. The file lives outside the database and is removed
 * after EVIDENCE_EXPORT_RETENTION_HOURS (status `expired`).
 */
export const evidenceExports = pgTable(
  "evidence_exports",
  {
    id: uuid().primaryKey().defaultRandom(),
    requestedBy: text().notNull(),
    /** The requester as the verbs saw them (a UserActor): the worker exports as them, and the pack's event names them. */
    actor: jsonb().notNull(),
    periodFrom: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    periodTo: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    seed: text(),
    status: text({ enum: ["queued", "running", "succeeded", "failed", "expired"] }).notNull().default("queued"),
    eventsDone: integer().notNull().default(0),
    eventsTotal: integer(),
    filename: text(),
    sha256: text(),
    bytes: bigint({ mode: "number" }),
    error: text(),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
    startedAt: timestamp({ withTimezone: true, mode: "date" }),
    finishedAt: timestamp({ withTimezone: true, mode: "date" }),
    /** A worker that claimed the job owns it until then; one that died mid-export loses it, and the job fails. */
    leasedUntil: timestamp({ withTimezone: true, mode: "date" }),
  },
  (t) => [index().on(t.requestedBy, t.createdAt), index().on(t.status, t.createdAt)],
);
