import { wrapUnsafe } from "./wrap-unsafe";

/**
 * Every query as a named prepared statement, kept per connection: drizzle sends each ordinary query
 * through postgres.js's `unsafe` with `prepare: false` (drizzle-orm#6096), and postgres.js then sends a
 * query that has parameters in two round trips (Parse and Describe, wait for the parameter types,
 * then Bind and Execute) and pipelines nothing behind it. Prepared, a statement is parsed and described
 * once per connection, and every later run is one message that pipelines with its neighbours. The
 * statements live as long as their connection (postgres.js retires each after 30 to 60 minutes) and
 * postgres.js re-prepares one the server has invalidated (after a migration), outside a transaction.
 */
export function prepareStatements<T extends object>(client: T): T {
  return wrapUnsafe(client, (unsafe, query, parameters, options) => unsafe(query, parameters, { ...options, prepare: true }));
}
