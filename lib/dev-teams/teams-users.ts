import { createHash } from "node:crypto";
import { DEMO_USERS } from "../dev-idp/demo-users";

/** A person as Teams knows them: an Entra object id (what Countersign links) and a bot-scoped user id (`29:…`, what cards' refresh lists name). */
export type TeamsStandInUser = { key: string; name: string; aadObjectId: string; teamsUserId: string };

/** The stand-in's tenant: one organisation, as a real Teams tenant id looks. */
export const STAND_IN_TENANT_ID = "7e0b6f4c-2d1a-4c59-9e61-0c1d5a3b8f20";

/**
 * The demo people as Teams users. Their ids are derived from the demo login only so that they stay
 * the same across restarts; Countersign never matches them to anyone by name or email: a person links
 * their Teams user to their sign-in once, through the IdP.
 */
export function standInUsers(): TeamsStandInUser[] {
  return DEMO_USERS.map((user) => ({ key: user.id, name: user.name, aadObjectId: uuidFrom(`aad:${user.id}`), teamsUserId: `29:1${createHash("sha256").update(`mri:${user.id}`).digest("base64url").slice(0, 40)}` }));
}

function uuidFrom(seed: string): string {
  const hex = createHash("sha256").update(seed).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
