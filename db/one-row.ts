import "server-only";

/**
 * The row of a query that always returns exactly one: an aggregate without GROUP BY (`count()`,
 * `min()`), or a `select fn()` with no FROM. None means a broken query, not an empty table: this
 * says so instead of reading a property of undefined.
 */
export function oneRow<T>(rows: readonly T[]): T {
  const [row] = rows;
  if (row === undefined) throw new Error("a query that always returns one row returned none");
  return row;
}
