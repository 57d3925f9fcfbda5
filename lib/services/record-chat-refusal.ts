import "server-only";
import { appendEvents } from "@/db/event-store";
import type { ChatIdentity } from "@/lib/domain/actor";
import type { ServiceContext } from "./service-context";

/**
 * Records that a chat identity was refused before anyone decided anything (`chat.refused`, on the chat
 * identity's own stream, by the system): not linked, or its proof of identity did not hold. `reason`
 * is the console's own words, never what the chat sent (a token stays out of the log).
 */
export async function recordChatRefusal(
  ctx: Omit<ServiceContext, "actor">,
  identity: ChatIdentity,
  refusal: { requestId: string; outcome?: "approve" | "reject"; code: string; reason: string },
): Promise<void> {
  await ctx.db.transaction((tx) =>
    appendEvents(
      tx,
      [
        {
          type: "chat.refused",
          streamType: "chat",
          streamId: `${identity.provider}:${identity.workspace}:${identity.externalUserId}`,
          actor: { kind: "system", id: "countersign", auth: "internal" },
          data: { ...identity, ...refusal },
        },
      ],
      { now: ctx.now, correlationId: ctx.requestId },
    ),
  );
}
