import "server-only";
import { randomUUID } from "node:crypto";
import type { Transaction } from "./client";
import { events, type EventActor } from "./schema";

export type NewEvent = {
  type: `${string}.${string}`;
  streamType: "request" | "agent" | "user" | "policy" | "evidence" | "webhook" | "chat";
  streamId: string;
  actor: EventActor;
  /** Already masked: nothing raw ever reaches the log. */
  data: Record<string, unknown>;
};

/**
 * Appends events inside the caller's transaction, so an event exists if and only if the change it
 * describes committed. One correlation id ties together everything a single command produced.
 */
export async function appendEvents(
  tx: Transaction,
  newEvents: NewEvent[],
  options: { now: Date; correlationId?: string },
): Promise<void> {
  if (newEvents.length === 0) return;
  const correlationId = options.correlationId ?? randomUUID();
  await tx.insert(events).values(newEvents.map((event) => ({ ...event, correlationId, occurredAt: options.now })));
}
