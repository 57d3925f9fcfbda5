import { createServer, connect, type Server } from "node:net";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type Database } from "../../db/client";
import { agents, policies } from "../../db/schema";
import { useTestDatabase } from "./test-database";

/**
 * A TCP relay between one client and PostgreSQL that counts round trips: each time the client
 * speaks after the server has answered, a new one begins. What the write path pays per statement
 * that waits for the one before, whatever the machine's speed.
 */
function countingRelay(target: URL): Promise<{ server: Server; port: number; turns: () => number }> {
  let turns = 0;
  let serverSpoke = true;
  const server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    client.on("data", (chunk) => {
      if (serverSpoke) turns += 1;
      serverSpoke = false;
      upstream.write(chunk);
    });
    upstream.on("data", (chunk) => {
      serverSpoke = true;
      client.write(chunk);
    });
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, port: (server.address() as AddressInfo).port, turns: () => turns })));
}

let db: Database;
let relay: Awaited<ReturnType<typeof countingRelay>>;

beforeAll(async () => {
  await useTestDatabase();
  const url = new URL(process.env.DATABASE_URL!);
  relay = await countingRelay(new URL(url));
  url.host = `127.0.0.1:${relay.port}`;
  // One connection, so statements prepared by the first run are there for the measured one.
  db = createDatabase(url.toString(), { max: 1 });
});

afterAll(async () => {
  await db.$client.end({ timeout: 5 });
  await new Promise((resolve) => relay.server.close(resolve));
});

/** Round trips of `run`, after a first run has connected and prepared its statements. */
async function roundTrips(run: () => Promise<unknown>): Promise<number> {
  await run();
  const before = relay.turns();
  await run();
  return relay.turns() - before;
}

describe("round trips", () => {
  it("a transaction sends BEGIN with its first statements: reads sent together, then COMMIT, is two", async () => {
    const transaction = () =>
      db.transaction(async (tx) => {
        await Promise.all([
          tx.select({ id: agents.id }).from(agents).where(eq(agents.id, randomUUID())),
          tx.select({ id: policies.id }).from(policies).where(eq(policies.id, randomUUID())),
        ]);
      });
    expect(await roundTrips(transaction)).toBe(2);
  });

  it("a transaction whose statement failed unawaited is rolled back, not reported committed", async () => {
    const id = randomUUID();
    const failing = db.transaction(async (tx) => {
      await tx.execute(sql`create temporary table if not exists round_trip_probe (id uuid primary key)`);
      await tx.execute(sql`insert into round_trip_probe values (${id})`);
      // Sent, its failure swallowed by the body: the transaction is aborted all the same.
      void tx.execute(sql`insert into round_trip_probe values (${id})`).catch(() => undefined);
    });
    await expect(failing).rejects.toThrow();
    const [left] = await db.execute<{ n: number }>(sql`select count(*)::int as n from pg_tables where tablename = 'round_trip_probe'`);
    expect(left!.n).toBe(0);
  });
});
