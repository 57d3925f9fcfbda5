import "server-only";
import { EventEmitter } from "node:events";
import type { Database } from "@/db/client";

/**
 * One LISTEN connection per process fans PostgreSQL's `action_request_changed` notifications out to
 * every waiting long-poll. NOTIFY is sent by a trigger and delivered at commit, so it works across any
 * number of app replicas and never announces a change that rolled back.
 */
const emitter = new EventEmitter().setMaxListeners(0);
let listening: Promise<unknown> | undefined;

function ensureListening(db: Database) {
  listening ??= db.$client.listen("action_request_changed", (requestId) => emitter.emit(requestId)).catch((error) => {
    listening = undefined;
    throw error;
  });
  return listening;
}

export type RequestWatch = {
  /** Resolves at the next change since the previous call (at once if one already came), or on timeout. */
  changed(timeoutMs: number, signal?: AbortSignal): Promise<void>;
  close(): void;
};

/**
 * Watches one request. Callers subscribe BEFORE reading the request, so a change committed between
 * their read and their wait is not missed.
 */
export async function watchRequest(db: Database, requestId: string): Promise<RequestWatch> {
  await ensureListening(db);
  let pending = false;
  let wake: (() => void) | null = null;
  const onChange = () => {
    pending = true;
    wake?.();
  };
  emitter.on(requestId, onChange);
  return {
    async changed(timeoutMs, signal) {
      if (!pending && !signal?.aborted) {
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            signal?.removeEventListener("abort", done);
            wake = null;
            resolve();
          };
          const timer = setTimeout(done, timeoutMs);
          wake = done;
          signal?.addEventListener("abort", done, { once: true });
        });
      }
      pending = false;
    },
    close: () => emitter.off(requestId, onChange),
  };
}
