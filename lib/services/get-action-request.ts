import "server-only";
import type { Database } from "@/db/client";
import type { AgentActor } from "@/lib/domain/actor";
import { isUuid } from "@/lib/domain/uuid";
import { loadAgentRequestView, type AgentRequestView } from "./agent-request-view";
import { ServiceError } from "./errors";
import { watchRequest } from "./request-change-notifier";

/**
 * The agent reads its request, optionally holding the call open (`waitSeconds`, up to 60) until the
 * status leaves `pending`. Waking on NOTIFY, re-checking at least every few seconds in case one is missed.
 */
export async function getActionRequest(
  db: Database,
  agent: AgentActor,
  requestId: string,
  waitSeconds = 0,
  signal?: AbortSignal,
): Promise<AgentRequestView> {
  const load = async () => {
    const view = isUuid(requestId) ? await loadAgentRequestView(db, agent.id, requestId) : null;
    if (!view) throw new ServiceError("NOT_FOUND", "No request of yours has that id.");
    return view;
  };
  const deadline = Date.now() + Math.min(Math.max(waitSeconds, 0), 60) * 1000;
  if (deadline <= Date.now()) return load();
  const watch = await watchRequest(db, requestId);
  try {
    let view = await load();
    while (view.status === "pending" && Date.now() < deadline && !signal?.aborted) {
      await watch.changed(Math.min(deadline - Date.now(), 5000), signal);
      view = await load();
    }
    return view;
  } finally {
    watch.close();
  }
}
