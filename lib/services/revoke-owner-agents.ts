import "server-only";
import { and, asc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { agents } from "@/db/schema";
import { ServiceError } from "./errors";
import { requireCapability } from "./require-capability";
import type { ServiceContext } from "./service-context";
import { revokeLockedAgent, type RevokedAgent } from "./revoke-agent";

/**
 * When a person leaves: revokes every agent they own, each exactly as `revokeAgent` would (keys,
 * pending requests), in one transaction, so no agent of theirs is left half revoked. Already revoked
 * agents are left as they are; an owner with none left gets an empty list, so the command can be rerun.
 * People need the `administer` capability.
 */
export async function revokeOwnerAgents(ctx: ServiceContext, ownerEmail: string): Promise<{ owner: string; agents: RevokedAgent[] }> {
  if (ctx.actor.kind === "user") requireCapability(ctx.actor, "administer");
  const parsed = z.email().safeParse(ownerEmail.trim());
  if (!parsed.success) throw new ServiceError("VALIDATION", "The owner is not valid.", [{ path: "owner", message: "owner must be an email address" }]);
  // Owners are stored lower-cased when agents are created.
  const owner = parsed.data.toLowerCase();
  return ctx.db.transaction(async (tx) => {
    // In id order, so two overlapping revocations lock the same rows in the same order.
    const owned = await tx
      .select()
      .from(agents)
      .where(and(eq(agents.ownerEmail, owner), isNull(agents.revokedAt)))
      .orderBy(asc(agents.id))
      .for("update");
    const revoked: RevokedAgent[] = [];
    for (const agent of owned) revoked.push(await revokeLockedAgent(tx, ctx, agent, "owner"));
    return { owner, agents: revoked };
  });
}
