import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, type Page, test } from "@playwright/test";
import { decodeJwt } from "jose";
import { getRequest, postRequest, requestPayload } from "./support/agent";
import { E2E_DATA_DIR, E2E_PG_PORT } from "./support/environment";
import { signIn } from "./support/sign-in";

// The shipped default, plus one rule for an action no other spec sends: two reviewers, or in an
// emergency one member of security alone.
const POLICY = `name: Production approvals
rules:
  - name: e2e emergencies
    match: { action: "e2e.emergency*" }
    outcome: require
    stages: [ { approvals: 2, groups: [reviewers] } ]
    breakGlass: { groups: [security] }
    ttl: 1h
default:
  outcome: require
  stages: [ { approvals: 1, groups: [reviewers] } ]
  ttl: 1h
`;

/** Proposes the policy as dave and has frank approve it, the way every policy change takes effect. */
async function installPolicy(page: Page) {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "countersign-policy-")), "policy.yaml");
  writeFileSync(file, POLICY);
  const { stdout } = await promisify(execFile)("npm", ["run", "-s", "cli", "--", "policies", "propose", file, "--author", "dave@example.com"], {
    env: { ...process.env, COUNTERSIGN_DATA_DIR: E2E_DATA_DIR, EMBEDDED_PG_PORT: String(E2E_PG_PORT) },
  });
  const change = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}");
  await signIn(page, "frank@example.com");
  await page.goto(`/requests/${change.id}`);
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Approved\./ })).toBeVisible();
  await page.context().clearCookies();
}

async function confirmAs(page: Page, email: string, id: string, result: RegExp) {
  await page.context().clearCookies();
  await signIn(page, email);
  await page.goto(`/requests/${id}`);
  await page.getByRole("button", { name: "Confirm", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: result })).toBeVisible();
}

test("grace breaks the glass with a reason, the agent gets a flagged grant, the page and queue flag it, and alice and bob close the follow-up", async ({ page }) => {
  await installPolicy(page);
  const summary = `Rotate the leaked key now ${Date.now()}`;
  const created = await postRequest(requestPayload(summary, { action: "e2e.emergency.rotate" }));
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ status: "pending", policy: { rule: "e2e emergencies", requiredApprovals: 2 }, breakGlass: null });
  const { id } = created.body;

  // alice may approve, but is not in the break-glass group: she is told so, and the server would refuse.
  await signIn(page, "alice@example.com");
  await page.goto(`/requests/${id}`);
  await expect(page.getByRole("region", { name: "Break glass" }).getByText("Only members of security may break the glass on this request.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Break glass" })).toHaveCount(0);

  await page.context().clearCookies();
  await signIn(page, "grace@example.com");
  await page.goto(`/requests/${id}`);
  const form = page.getByRole("region", { name: "Break glass" });
  await expect(form.getByRole("button", { name: "Break glass" })).toBeDisabled();
  await form.getByLabel("Break-glass reason").fill("The key is being abused right now and no second reviewer is awake.");
  await form.getByRole("button", { name: "Break glass" }).click();

  // The request's own header, not the console's.
  const header = page.getByRole("main").locator("header");
  await expect(header.getByText("Break-glass · follow-up open")).toBeVisible();
  await expect(header.getByText("Approved", { exact: true })).toBeVisible();
  const followUp = page.getByRole("region", { name: "Break-glass follow-up" });
  await expect(followUp.getByText("0 of 2 confirmations")).toBeVisible();
  await expect(followUp.getByText("You broke the glass on this request, so 2 other people must confirm it.")).toBeVisible();
  await expect(page.getByRole("region", { name: "Decisions" }).getByText("alone, under break-glass")).toBeVisible();

  // The agent's grant arrives at once, flagged in its claims and in the response.
  const decided = await getRequest(id, 5);
  expect(decided.body).toMatchObject({ status: "approved", breakGlass: { approver: "grace@example.com", followUp: { status: "open", requiredConfirmations: 2 } } });
  expect(decodeJwt(decided.body.grant)).toMatchObject({ sub: id, approvers: ["grace@example.com"], breakGlass: true });

  // The queue's follow-up tab lists it, flagged, with its count.
  await page.goto("/queue?filter=follow-up");
  const row = page.getByRole("list", { name: "Requests awaiting break-glass follow-up" }).getByRole("listitem").filter({ hasText: summary });
  await expect(row.getByText("Break-glass · follow-up open")).toBeVisible();
  await expect(page.getByRole("link", { name: /Break-glass follow-up/ })).toContainText(/[1-9]/);

  await confirmAs(page, "alice@example.com", id, /One more person must confirm it/);
  await expect(page.getByRole("region", { name: "Break-glass follow-up" }).getByText("1 of 2 confirmations")).toBeVisible();
  await confirmAs(page, "bob@example.com", id, /The follow-up review is closed/);
  const closed = page.getByRole("region", { name: "Break-glass follow-up" });
  await expect(closed.getByText("Follow-up review closed")).toBeVisible();
  await expect(closed.getByRole("list", { name: "Confirmations" }).getByRole("listitem")).toHaveCount(2);
  await expect(header.getByText("Break-glass · confirmed")).toBeVisible();

  await page.goto("/queue?filter=follow-up");
  await expect(page.getByRole("link", { name: new RegExp(summary) })).toHaveCount(0);
  expect((await getRequest(id)).body.breakGlass.followUp.status).toBe("closed");
});
