import { z } from "zod";
import type { Actor } from "./actor";

/** Who an event records as its actor: who, how they authenticated, and their groups at that moment. */
export const ZRecordedActor = z.object({
  kind: z.enum(["user", "agent", "system"]),
  id: z.string(),
  /**
   * How the actor proved who they are: "oidc" (the sign-in itself), "oidc-session" (a signed-in
   * person's action), "chat-link" (a person acting from Slack or Teams through the chat identity they
   * linked by SSO; `via` names it), "api-key" (an agent), "cli" (an operator command), "internal"
   * (the system).
   */
  auth: z.string(),
  /** For "chat-link": the chat identity that acted, so the log shows whose chat account decided for whom. */
  via: z.object({ provider: z.enum(["slack", "teams"]), workspace: z.string(), externalUserId: z.string() }).optional(),
  groups: z.array(z.string()).optional(),
  /**
   * A signed-in person's last authentication as their session states it (OIDC `auth_time`, `amr`,
   * `acr`): what a decision under a step-up rule was checked against, kept with the decision.
   */
  authentication: z.object({ time: z.string().nullable(), methods: z.array(z.string()), contextClass: z.string().nullable() }).optional(),
});
export type RecordedActor = z.infer<typeof ZRecordedActor>;

export function toRecordedActor(actor: Actor): RecordedActor {
  switch (actor.kind) {
    case "user": {
      const { authentication, via } = actor;
      return {
        kind: "user",
        id: actor.email,
        auth: via ? "chat-link" : "oidc-session",
        groups: actor.groups,
        ...(via && { via: { provider: via.provider, workspace: via.workspace, externalUserId: via.externalUserId } }),
        ...(authentication && {
          authentication: { time: authentication.time?.toISOString() ?? null, methods: authentication.methods, contextClass: authentication.contextClass },
        }),
      };
    }
    case "agent":
      return { kind: "agent", id: actor.id, auth: "api-key" };
    case "system":
      return { kind: "system", id: actor.id, auth: actor.id === "cli" ? "cli" : "internal" };
  }
}
