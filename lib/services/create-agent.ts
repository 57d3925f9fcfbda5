import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { appendEvents } from "@/db/event-store";
import { agents } from "@/db/schema";
import type { SystemActor, UserActor } from "@/lib/domain/actor";
import { ServiceError } from "./errors";
import { toRecordedActor } from "@/lib/domain/recorded-actor";
import { insertApiKey } from "./issue-api-key";
import { getMasker } from "./masker";
import { requireCapability } from "./require-capability";
import type { ServiceContext } from "./service-context";

export const ZCreateAgent = z.object({
  name: z
    .string()
    .trim()
    .min(1, "name is required")
    .max(100)
    .regex(/^[a-z0-9][a-z0-9._-]*$/i, "name may contain letters, digits, '.', '_' and '-' only"),
  ownerEmail: z.email("owner must be an email address").transform((email) => email.toLowerCase()),
});

export type CreatedAgent = { id: string; name: string; owner: string; apiKey: string; createdAt: string };

/**
 * Creates an agent identity and its first key. The key is returned here once and stored only as a hash.
 * People need the `administer` capability; operators (the CLI) and the demo seed act as the system.
 */
export async function createAgent(ctx: ServiceContext<UserActor | SystemActor>, input: z.input<typeof ZCreateAgent>): Promise<CreatedAgent> {
  const { actor, now } = ctx;
  if (actor.kind === "user") requireCapability(actor, "administer");
  const parsed = ZCreateAgent.safeParse(input);
  if (!parsed.success) {
    throw new ServiceError("VALIDATION", "The agent is not valid.", parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })));
  }
  const { name, ownerEmail } = parsed.data;
  // Names are shown everywhere and are not masked on display, so one that masking would alter (a
  // pasted token, an email) is refused rather than stored.
  if (getMasker().maskText(name).text !== name) {
    throw new ServiceError("VALIDATION", "The agent is not valid.", [{ path: "name", message: "name looks like a secret or personal datum; choose a descriptive name" }]);
  }
  const id = randomUUID();
  const apiKey = await ctx.db.transaction(async (tx) => {
    // Insert-first, so two creations of one name cannot both pass a check: the unique name decides.
    const [created] = await tx.insert(agents).values({ id, name, ownerEmail, createdAt: now }).onConflictDoNothing({ target: agents.name }).returning({ id: agents.id });
    if (!created) throw new ServiceError("CONFLICT", `An agent named "${name}" already exists.`);
    await appendEvents(tx, [{ type: "agent.created", streamType: "agent", streamId: id, actor: toRecordedActor(actor), data: { name, owner: ownerEmail } }], { now, correlationId: ctx.requestId });
    return insertApiKey(tx, ctx, id);
  });
  return { id, name, owner: ownerEmail, apiKey, createdAt: now.toISOString() };
}
