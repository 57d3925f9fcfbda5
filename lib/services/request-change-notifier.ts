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

/** Resolves when the request changes or after `timeoutMs`, whichever comes first. */
export async function waitForRequestChange(db: Database, requestId: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  await ensureListening(db);
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      emitter.off(requestId, done);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    emitter.once(requestId, done);
    signal?.addEventListener("abort", done, { once: true });
  });
}
