import type { Authentication } from "./authentication";
import type { Role } from "./roles";

/** A signed-in person, as every verb sees them: identity from the IdP, roles derived from its groups. */
export type UserActor = {
  kind: "user";
  id: string;
  email: string;
  name: string | null;
  groups: string[];
  roles: Role[];
  /**
   * When and how they last authenticated, from their console session; absent where no session
   * stands behind the actor (a test, a tool), which no step-up requirement accepts.
   */
  authentication?: Authentication;
  /**
   * Set when the person acts from a chat (Slack, Teams) through a linked chat identity: which one.
   * Such an actor carries no `authentication` (no session stands behind a click), so step-up rules
   * refuse it and the chat hands out a link to the console instead.
   */
  via?: ChatIdentity;
};

/** A chat user: the provider, its workspace (Slack team id, Teams tenant id) and the user's id there. */
export type ChatIdentity = { provider: "slack" | "teams"; workspace: string; externalUserId: string };

export type AgentActor = { kind: "agent"; id: string; name: string; ownerEmail: string };

export type SystemActor = { kind: "system"; id: "worker" | "cli" | "policy" | "seed" | "countersign" };

export type Actor = UserActor | AgentActor | SystemActor;
