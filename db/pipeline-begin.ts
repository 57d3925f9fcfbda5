import type postgres from "postgres";

/**
 * Transactions whose BEGIN travels with their first statements. postgres.js's `begin` waits for
 * BEGIN's answer before the body may send anything: a round trip, and a write and a wake-up on each
 * side, of its own in every transaction (one of the five a submission took). Here BEGIN is queued on a
 * reserved connection and the body's first statements are pipelined behind it, on the same
 * connection, in order.
 *
 * Fail closed as postgres.js's `begin` is: a body that throws is rolled back; and COMMIT must answer
 * COMMIT: PostgreSQL answers ROLLBACK to the COMMIT of a transaction a statement failed in, which
 * covers a statement the body sent and did not wait for. A BEGIN with options (an isolation level,
 * which drizzle never passes here: it sends SET TRANSACTION) keeps postgres.js's own path, as a
 * refused option would leave the statements behind it outside any transaction.
 */
export function pipelineBegin(pool: postgres.Sql): postgres.Sql {
  return new Proxy(pool, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (property === "begin") {
        return (...args: unknown[]) => (args.length === 1 ? begin(target, args[0] as Body) : (value as (...a: unknown[]) => unknown).apply(target, args));
      }
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

type Body = (sql: postgres.TransactionSql) => unknown;

async function begin(pool: postgres.Sql, body: Body): Promise<unknown> {
  const connection = await pool.reserve();
  try {
    // Sent at once; the body's statements queue behind it on this connection.
    const begun = connection.unsafe("begin").execute();
    let result: unknown;
    try {
      result = await body(connection as unknown as postgres.TransactionSql);
      await begun;
    } catch (error) {
      await connection.unsafe("rollback").catch(() => undefined);
      throw error;
    }
    const committed = await connection.unsafe("commit");
    if (committed.command !== "COMMIT") throw new Error(`The transaction was rolled back (${committed.command}): one of its statements failed`);
    return result;
  } finally {
    connection.release();
  }
}
