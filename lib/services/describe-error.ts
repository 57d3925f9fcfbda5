import "server-only";

/**
 * An unexpected error as logs and the CLI may show it. Drizzle's message carries the query text and
 * its parameters, and PostgreSQL's own messages can quote input values, so a database error is
 * described by its SQLSTATE code and constraint name only.
 */
export function describeErrorSafely(error: unknown): string {
  if (!(error instanceof Error)) return "non-error thrown";
  const cause = error.cause as { code?: string; constraint_name?: string } | undefined;
  if (cause?.code) return `database error ${cause.code}${cause.constraint_name ? ` (${cause.constraint_name})` : ""}`;
  if (error.message.startsWith("Failed query")) return "database query failed";
  return `${error.name}: ${error.message.split("\n")[0]}`;
}
