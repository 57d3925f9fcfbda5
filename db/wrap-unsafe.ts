/** What postgres.js's `unsafe` takes: the SQL text, its parameters and the query's options. */
export type Unsafe = (query: string, parameters?: unknown[], options?: { prepare?: boolean }) => unknown;

/**
 * The client with its `unsafe` replaced by `wrap(unsafe, …)`. `unsafe` is how drizzle sends every
 * query, on the pool and inside transactions, so the clients that `begin` and `savepoint` hand out
 * are wrapped the same way; everything else passes through.
 */
export function wrapUnsafe<T extends object>(client: T, wrap: (unsafe: Unsafe, ...args: Parameters<Unsafe>) => unknown): T {
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      if (property === "unsafe") return (...args: Parameters<Unsafe>) => wrap(value.bind(target) as Unsafe, ...args);
      if (property === "begin" || property === "savepoint") {
        return (...args: unknown[]) => {
          const body = args.at(-1) as (client: object) => unknown;
          return value.call(target, ...args.slice(0, -1), (inner: object) => body(wrapUnsafe(inner, wrap)));
        };
      }
      return value.bind(target);
    },
  });
}
