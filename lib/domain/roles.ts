/** Console roles, derived from the identity provider's groups claim at every sign-in. */
export type Role = "reviewer" | "auditor" | "admin";

/** How each role is named to people, on the sign-in page and in the header. */
export const ROLE_LABELS: Record<Role, string> = { reviewer: "Reviewer", auditor: "Auditor", admin: "Administrator" };

export type GroupRoleMapping = Record<Role, string[]>;

export function rolesFromGroups(groups: readonly string[], mapping: GroupRoleMapping): Role[] {
  return (Object.keys(mapping) as Role[]).filter((role) => mapping[role].some((group) => groups.includes(group)));
}

/** The groups claim as a list of names: IdPs send an array, a single string, or nothing. */
export function groupsFromClaim(claim: unknown): string[] {
  if (typeof claim === "string") return claim ? [claim] : [];
  if (!Array.isArray(claim)) return [];
  return [...new Set(claim.filter((group): group is string => typeof group === "string" && group.length > 0))];
}
