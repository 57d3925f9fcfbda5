import "server-only";
import type { AgentActor } from "@/lib/domain/actor";
import { executeRequestCommand } from "./execute-request-command";
import { loadRequestForUpdate } from "./load-request-for-update";
import type { ServiceContext } from "./service-context";

/** The requesting agent withdraws its own pending request. */
export async function cancelActionRequest(ctx: ServiceContext<AgentActor>, actionRequestId: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const loaded = await loadRequestForUpdate(tx, actionRequestId, { ownedBy: ctx.actor.id });
    await executeRequestCommand(tx, ctx, loaded, { type: "CancelRequest", actor: ctx.actor, data: { reason: "withdrawn-by-agent" } });
  });
}
