/**
 * What the database said when a statement was refused, or "no error": drizzle wraps the driver's
 * error, and the database's own message is its cause.
 */
export const databaseError = (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => "no error",
    (e: Error) => String((e.cause as Error | undefined)?.message ?? e.message),
  );
