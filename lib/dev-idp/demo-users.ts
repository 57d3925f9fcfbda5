import { createHash, timingSafeEqual } from "node:crypto";

/**
 * The people of the bundled development identity provider (demo mode only). This is the contract's
 * table: change it there first. Every demo user's password is `demo`.
 */
export type DemoUser = {
  /** The stable OIDC subject (`sub`). */
  id: string;
  email: string;
  name: string;
  groups: string[];
  /** Shown beside the login in demo tables. */
  note?: string;
};

export const DEMO_PASSWORD = "demo";

export const DEMO_USERS: readonly DemoUser[] = [
  { id: "alice", email: "alice@example.com", name: "Alice Anders", groups: ["reviewers"] },
  { id: "bob", email: "bob@example.com", name: "Bob Brandt", groups: ["reviewers"] },
  { id: "erin", email: "erin@example.com", name: "Erin Ellis", groups: ["reviewers", "engineers"], note: "owner of demo-agent" },
  { id: "carol", email: "carol@example.com", name: "Carol Chen", groups: ["auditors"] },
  { id: "dave", email: "dave@example.com", name: "Dave Dimitrov", groups: ["admins"] },
  { id: "frank", email: "frank@example.com", name: "Frank Fischer", groups: ["admins"], note: "the second pair of eyes on policy changes" },
  { id: "grace", email: "grace@example.com", name: "Grace Gupta", groups: ["reviewers", "security"], note: "member of the security approval stage" },
];

export function findDemoUserById(id: string): DemoUser | undefined {
  return DEMO_USERS.find((user) => user.id === id);
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

const PASSWORD_DIGEST = digest(DEMO_PASSWORD);

/**
 * Checks a login. The password comparison is constant-time (over fixed-length digests) and always
 * runs, so the response does not reveal whether the email exists. Emails compare case-insensitively.
 */
export function verifyDemoCredentials(email: string, password: string): DemoUser | null {
  const normalized = email.trim().toLowerCase();
  const user = DEMO_USERS.find((candidate) => candidate.email === normalized);
  const passwordMatches = timingSafeEqual(digest(password), PASSWORD_DIGEST);
  return user && passwordMatches ? user : null;
}
