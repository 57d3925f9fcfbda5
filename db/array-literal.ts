import "server-only";

/**
 * A PostgreSQL array literal of integers or hex strings (nothing that needs quoting), to bind as one
 * text parameter and cast in SQL (`${arrayLiteral(ids)}::bigint[]`): one parameter however many
 * values, so a statement stays clear of the 65,535-parameter limit and cheap to bind.
 */
export function arrayLiteral(values: readonly (number | string)[]): string {
  return `{${values.join(",")}}`;
}
