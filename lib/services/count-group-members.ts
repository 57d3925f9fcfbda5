import "server-only";
import type { Executor } from "@/db/client";
import { users } from "@/db/schema";
import { getConfig } from "@/lib/config";
import { DEMO_USERS } from "@/lib/dev-idp/demo-users";

/**
 * How many people are in each group, counted from the groups each person held at their last sign-in
 * (the linter's measure of who could ever satisfy a quorum). In demo mode the bundled identity
 * provider's directory counts too: it is exactly everyone who can sign in, and a fresh demo, where
 * nobody has signed in yet, must still accept the contract's policy.
 */
export async function countGroupMembers(db: Executor): Promise<Record<string, number>> {
  const people = new Map<string, Set<string>>();
  const add = (email: string, groups: readonly string[]) => {
    const key = email.trim().toLowerCase();
    const held = people.get(key) ?? new Set<string>();
    for (const group of groups) held.add(group);
    people.set(key, held);
  };
  for (const row of await db.select({ email: users.email, groups: users.groups }).from(users)) {
    if (row.email) add(row.email, row.groups);
  }
  if (getConfig().demoMode) for (const person of DEMO_USERS) add(person.email, person.groups);
  const sizes: Record<string, number> = {};
  for (const groups of people.values()) for (const group of groups) sizes[group] = (sizes[group] ?? 0) + 1;
  return sizes;
}
