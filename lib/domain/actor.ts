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
};

export type AgentActor = { kind: "agent"; id: string; name: string; ownerEmail: string };

export type SystemActor = { kind: "system"; id: "worker" | "cli" | "policy" | "seed" | "countersign" };

export type Actor = UserActor | AgentActor | SystemActor;
