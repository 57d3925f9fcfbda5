import "server-only";
import type { EventActor } from "@/db/schema";
import type { Actor } from "@/lib/domain/actor";

/** How an actor is recorded on an event: who, how they authenticated, and their groups at that moment. */
export function toEventActor(actor: Actor): EventActor {
  switch (actor.kind) {
    case "user":
      return { kind: "user", id: actor.email, auth: "oidc-session", groups: actor.groups };
    case "agent":
      return { kind: "agent", id: actor.id, auth: "api-key" };
    case "system":
      return { kind: "system", id: actor.id, auth: actor.id === "cli" ? "cli" : "internal" };
  }
}
