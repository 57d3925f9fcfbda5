import "server-only";
import { randomUUID } from "node:crypto";
import type { Executor } from "@/db/client";
import type { Actor } from "@/lib/domain/actor";

/**
 * What every verb is called with (openstatus's ServiceContext): the database or an open transaction,
 * who acts, the id of the call (an HTTP request's x-request-id; the worker and the CLI make one), which
 * becomes the correlation id of every event the verb writes, and the time the verb acts at.
 */
export type ServiceContext<A extends Actor = Actor> = { db: Executor; actor: A; requestId: string; now: Date };

/** A context for a caller that is not serving an HTTP request (the worker, the CLI, a test): a fresh call id. */
export function newServiceContext<A extends Actor>(db: Executor, actor: A, now = new Date()): ServiceContext<A> {
  return { db, actor, requestId: randomUUID(), now };
}
