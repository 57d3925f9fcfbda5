import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { type Browser, expect } from "@playwright/test";
import { E2E_DATA_DIR, E2E_PG_PORT, E2E_URL } from "./environment";
import { signIn } from "./sign-in";

/**
 * The shipped default (one reviewer, one hour) plus rules that match only the actions the admin-ops
 * specs send, so installing it changes nothing for any other spec.
 */
export const ADMIN_OPS_POLICY = `name: Production approvals
rules:
  - name: e2e IAM in production, then security
    match: { action: "e2e.iam.*", environment: production }
    outcome: require
    stages:
      - { approvals: 1, groups: [reviewers] }
      - { approvals: 1, groups: [security] }
    ttl: 1h
  - name: e2e secrets need a sign-in within a minute
    match: { action: "e2e.secrets.*" }
    outcome: require
    stages: [ { approvals: 1, groups: [reviewers] } ]
    stepUp: 1
    ttl: 1h
default:
  outcome: require
  stages: [ { approvals: 1, groups: [reviewers] } ]
  ttl: 1h
`;

/** Proposes `yaml` as a policy change through the CLI, as `author`; returns the change (a pending request). */
export async function proposePolicy(yaml: string, author = "dave@example.com"): Promise<{ id: string; status: string }> {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "countersign-policy-")), "policy.yaml");
  writeFileSync(file, yaml);
  const { stdout } = await promisify(execFile)("npm", ["run", "-s", "cli", "--", "policies", "propose", file, "--author", author], {
    env: { ...process.env, COUNTERSIGN_DATA_DIR: E2E_DATA_DIR, EMBEDDED_PG_PORT: String(E2E_PG_PORT) },
  });
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}");
}

/** Puts `yaml` in force the only way there is: dave proposes it, frank approves it in the console. */
export async function installPolicy(browser: Browser, yaml: string): Promise<void> {
  const change = await proposePolicy(yaml);
  expect(change).toMatchObject({ id: expect.any(String), status: "pending" });
  const context = await browser.newContext({ baseURL: E2E_URL });
  try {
    const page = await context.newPage();
    await signIn(page, "frank@example.com");
    await page.goto(`/requests/${change.id}`);
    await page.getByRole("button", { name: "Approve" }).click();
    await expect(page.getByRole("status").filter({ hasText: /^Approved\./ })).toBeVisible();
  } finally {
    await context.close();
  }
}
