import { integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { PolicyDocument } from "@/lib/domain/policy/document";

/**
 * Approval policies, versioned and immutable: a request records the exact version that governed it.
 * A version holds its document; versions written before documents existed hold only the v1 quorum
 * columns, which read as the equivalent document (policyDocumentFromVersion).
 */
export const policies = pgTable(
  "policies",
  {
    id: uuid().notNull(),
    version: integer().notNull(),
    name: text().notNull(),
    document: jsonb().$type<PolicyDocument>(),
    requiredApprovals: integer(),
    approverGroups: jsonb().$type<string[]>(),
    ttlSeconds: integer(),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.id, t.version] })],
);
