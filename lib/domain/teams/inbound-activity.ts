import { z } from "zod";

const ZAccount = z.object({ id: z.string().min(1).max(512), name: z.string().max(512).optional(), aadObjectId: z.string().max(64).optional() });

/**
 * The parts of a Bot Framework activity the bot reads (Teams sends many more, which are dropped).
 * The tenant is in `conversation.tenantId` and `channelData.tenant.id`; both are read, the first wins.
 */
export const ZTeamsActivity = z.object({
  type: z.string().min(1).max(64),
  id: z.string().max(512).optional(),
  channelId: z.string().min(1).max(64),
  serviceUrl: z.url({ protocol: /^https?$/ }),
  from: ZAccount,
  recipient: ZAccount,
  conversation: z.object({ id: z.string().min(1).max(512), tenantId: z.string().max(64).optional(), conversationType: z.string().max(64).optional(), name: z.string().max(512).optional() }),
  channelData: z
    .object({
      tenant: z.object({ id: z.string().max(64) }).optional(),
      team: z.object({ id: z.string().max(512), name: z.string().max(512).optional() }).optional(),
      channel: z.object({ id: z.string().max(512), name: z.string().max(512).optional() }).optional(),
    })
    .optional(),
  name: z.string().max(128).optional(),
  value: z.unknown().optional(),
  replyToId: z.string().max(512).optional(),
  /** installationUpdate: "add" or "remove" (also "add-upgrade", "remove-upgrade"). */
  action: z.string().max(32).optional(),
  membersAdded: z.array(z.object({ id: z.string().max(512) })).optional(),
  membersRemoved: z.array(z.object({ id: z.string().max(512) })).optional(),
});
export type TeamsActivity = z.infer<typeof ZTeamsActivity>;

/** The Universal Actions invoke: an Action.Execute (or refresh) on a card. */
export const ZCardAction = z.object({
  action: z.object({
    type: z.literal("Action.Execute"),
    verb: z.string().max(64),
    data: z.object({ requestId: z.string().max(64), reason: z.string().max(4000).optional() }).loose(),
  }),
  trigger: z.enum(["manual", "automatic"]).optional(),
  /**
   * The same action retried after the login request, when the Teams client obtained a token for the
   * person silently (the token exchange). `state` (a magic code, the Bot Framework token service's
   * non-SSO flow) is not read: the fallback sign-in is the console's own link, which links by itself.
   */
  authentication: z.object({ id: z.string().max(512).optional(), token: z.string().min(1).max(16_384), connectionName: z.string().max(128) }).optional(),
});
export type CardAction = z.infer<typeof ZCardAction>;

export function tenantOf(activity: TeamsActivity): string | null {
  return activity.conversation.tenantId ?? activity.channelData?.tenant?.id ?? null;
}
