import "server-only";
import type { Transaction } from "@/db/client";
import { appendEvents } from "@/db/event-store";
import { decide, type DecideContext, type RequestCommand, type RequestState } from "@/lib/domain/request/request-decider";
import { ServiceError } from "./errors";
import { loadCommandGuards, type CommandGuards } from "./load-command-guards";
import { projectRequestEvents } from "./project-request-events";
import { RecordedRefusal } from "./record-refusal";

/**
 * The one way a request changes, inside the caller's transaction: decide (pure) against the loaded
 * state, append the events under the call's correlation id, then project the read models from those
 * same events. A refusal throws and changes nothing; one the log must keep throws a RecordedRefusal,
 * which the verb records after its transaction has rolled back. Returns the state after the command.
 * `guards`, when given, were read by the caller in this transaction beside its own reads.
 */
export async function executeRequestCommand(
  tx: Transaction,
  call: { requestId: string; now: Date },
  loaded: { state: RequestState | null; agent: DecideContext["agent"] },
  command: RequestCommand,
  guards?: CommandGuards,
): Promise<RequestState> {
  const { freeze, sealingStall, signingKeyId } = guards ?? (await loadCommandGuards(tx, call.now));
  const result = decide(loaded.state, command, { now: call.now, agent: loaded.agent, freeze, sealingStall, signingKeyId });
  if (!result.ok) throw result.refusal ? new RecordedRefusal(result.code, result.reason, result.refusal) : new ServiceError(result.code, result.reason);
  // The events and the rows projected from them do not depend on each other's writes, so both go to
  // PostgreSQL at once on the transaction's connection (pipelined): one round trip, not two, while
  // the transaction holds its locks. Either failing rolls back both.
  const [, state] = await Promise.all([
    appendEvents(
      tx,
      result.events.map(({ type, requestId, actor, data }) => ({ type, streamType: "request", streamId: requestId, actor, data })),
      { now: call.now, correlationId: call.requestId },
    ),
    projectRequestEvents(tx, loaded.state, result.events),
  ]);
  return state;
}
