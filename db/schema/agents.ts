import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const agents = pgTable("agents", {
  id: uuid().primaryKey(),
  name: text().notNull().unique(),
  ownerEmail: text().notNull(),
  createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  revokedAt: timestamp({ withTimezone: true, mode: "date" }),
});
