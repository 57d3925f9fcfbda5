import { AsyncLocalStorage } from "node:async_hooks";

/**
 * The request being served, for every line logged while serving it, however deep the call that logs
 * (Auth.js's adapter, a verb, drizzle). One store per process: Next.js bundles the instrumentation
 * hook and each route apart, and they must all see the same one.
 */
const key = Symbol.for("countersign.request-context");
const global = globalThis as unknown as Record<symbol, AsyncLocalStorage<{ requestId: string }> | undefined>;
const storage = (global[key] ??= new AsyncLocalStorage<{ requestId: string }>());

export function runWithRequestId<T>(requestId: string, task: () => T): T {
  return storage.run({ requestId }, task);
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
