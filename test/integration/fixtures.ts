import { exportEvidencePack } from "../../lib/services/export-evidence-pack";
import { newServiceContext } from "../../lib/services/service-context";
import { randomUUID } from "node:crypto";
import type { Database } from "../../db/client";
import type { UserActor } from "../../lib/domain/actor";
import { rolesFromGroups } from "../../lib/domain/roles";
import { createAgent } from "../../lib/services/create-agent";
import { submitActionRequest } from "../../lib/services/submit-action-request";
import { ensureDefaultPolicy } from "../../lib/services/seed-demo";
import { policies } from "../../db/schema";
import type { PolicyDocument } from "../../lib/domain/policy/document";
import { DEFAULT_POLICY_ID, loadCurrentPolicy } from "../../lib/services/load-policy";

const ROLE_GROUPS = { reviewer: ["reviewers"], auditor: ["auditors"], admin: ["admins"] };

export function user(email: string, groups: string[]): UserActor {
  const [localPart = email] = email.split("@");
  return { kind: "user", id: email, email, name: localPart, groups, roles: rolesFromGroups(groups, ROLE_GROUPS) };
}

export const alice = user("alice@example.com", ["reviewers"]);
export const bob = user("bob@example.com", ["reviewers"]);
export const erin = user("erin@example.com", ["reviewers", "engineers"]);
export const carol = user("carol@example.com", ["auditors"]);
export const dave = user("dave@example.com", ["admins"]);

/** The default policy plus a fresh agent owned by erin; returns the agent and its key. */
export async function seedAgent(db: Database, name = `agent-${randomUUID().slice(0, 8)}`) {
  await ensureDefaultPolicy(db);
  const created = await createAgent(newServiceContext(db, { kind: "system", id: "cli" }), { name, ownerEmail: "erin@example.com" });
  return { ...created, actor: { kind: "agent" as const, id: created.id, name: created.name, ownerEmail: created.owner } };
}

export const sampleRequest = {
  action: "db.export",
  resource: "postgres://prod-db/customers",
  environment: "production",
  summary: "Export customers who churned in October",
  reasoning: "The analyst asked for a churn list; the export is read-only.",
  parameters: { sql: "COPY (SELECT id FROM customers WHERE churned) TO STDOUT" },
  context: { ticket: "OPS-1234" },
};

export type SeededAgent = Awaited<ReturnType<typeof seedAgent>>;

/** `sampleRequest` with `overrides`, submitted by the agent as a new request (fresh idempotency key). */
export async function submitSample(db: Database, agent: SeededAgent, overrides: Partial<typeof sampleRequest> & { onBehalfOf?: string } = {}) {
  return (await submitActionRequest(newServiceContext(db, agent.actor), { ...sampleRequest, ...overrides }, randomUUID())).view;
}

/** Installs `document` as the default policy's next version (versions only grow, as in production). */
export async function installPolicy(db: Database, document: PolicyDocument): Promise<void> {
  const current = await loadCurrentPolicy(db);
  await db.insert(policies).values({ id: DEFAULT_POLICY_ID, version: current.version + 1, name: document.name, document, createdAt: new Date() });
}

/** The shipped default's shape with another quorum and time to live; no approvals means auto-approve. */
export function quorumDocument(approvals: number, ttl = "1h", groups = ["reviewers"]): PolicyDocument {
  return {
    name: `Needs ${approvals}`,
    rules: [],
    default: approvals === 0 ? { outcome: "auto-approve" } : { outcome: "require", stages: [{ approvals, groups }], ttl },
  };
}

/** An evidence pack's bytes, read to the end of its stream (tests look inside; the console streams it), without report.pdf unless asked. */
export async function exportPackBytes(...[db, actor, period, options]: Parameters<typeof exportEvidencePack>): Promise<Uint8Array & { events: number }> {
  // Chromium renders report.pdf only where a test asks for it: it costs seconds on a loaded machine.
  const pack = await exportEvidencePack(db, actor, period, { reportPdf: false, ...options });
  return Object.assign(new Uint8Array(await new Response(pack.stream).arrayBuffer()), { events: pack.events });
}
