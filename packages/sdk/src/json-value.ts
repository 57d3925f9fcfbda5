/** Any JSON value: what `parameters`, `context` and `change` may hold. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
