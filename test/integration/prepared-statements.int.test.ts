import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type Database } from "../../db/client";
import { agents, policies } from "../../db/schema";
import { useTestDatabase } from "./test-database";

let db: Database;

beforeAll(async () => {
  await useTestDatabase();
  // One connection: pg_prepared_statements lists the statements of the connection that asks.
  db = createDatabase(process.env.DATABASE_URL!, { max: 1 });
});

afterAll(async () => {
  await db.$client.end({ timeout: 5 });
});

const prepared = async (executor: Pick<Database, "execute">) =>
  (await executor.execute<{ statement: string }>(sql`select statement from pg_prepared_statements`)).map((row) => row.statement);

// Unprepared, postgres.js sends a query with parameters in two round trips and pipelines nothing
// behind it: the write path's pipelined reads and writes would each wait for the one before.
describe("queries sent through drizzle", () => {
  it("are prepared once per connection on the pool", async () => {
    const select = () => db.select({ id: agents.id }).from(agents).where(eq(agents.id, randomUUID()));
    await select();
    await select();
    const statements = (await prepared(db)).filter((statement) => statement.includes('from "agents"'));
    expect(statements).toHaveLength(1);
  });

  it("are planned for their values on every run, never with a generic plan", async () => {
    for (let run = 0; run < 8; run += 1) await db.select({ id: agents.id }).from(agents).where(eq(agents.id, randomUUID()));
    const [plans] = await db.execute<{ generic: number; custom: number }>(
      sql`select generic_plans::int as generic, custom_plans::int as custom from pg_prepared_statements where statement like ${'%from "agents" where%'}`,
    );
    expect(plans!.generic).toBe(0);
    expect(plans!.custom).toBeGreaterThanOrEqual(8);
  });

  it("are prepared inside a transaction too", async () => {
    const statements = await db.transaction(async (tx) => {
      await tx.select({ id: policies.id }).from(policies).where(eq(policies.id, randomUUID()));
      return prepared(tx);
    });
    expect(statements.some((statement) => statement.includes('from "policies"'))).toBe(true);
  });
});
