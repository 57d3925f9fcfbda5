import type { Role } from "./roles";

/** A signed-in person, as every verb sees them: identity from the IdP, roles derived from its groups. */
export type UserActor = {
  kind: "user";
  id: string;
  email: string;
  name: string | null;
  groups: string[];
  roles: Role[];
};

export type AgentActor = { kind: "agent"; id: string; name: string; ownerEmail: string };

export type SystemActor = { kind: "system"; id: "worker" | "cli" | "policy" | "seed" | "countersign" };

export type Actor = UserActor | AgentActor | SystemActor;
