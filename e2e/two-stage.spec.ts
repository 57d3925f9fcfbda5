import { expect, type Page, test } from "@playwright/test";
import { getRequest, postRequest, requestPayload } from "./support/agent";
import { ADMIN_OPS_POLICY, installPolicy } from "./support/policy";
import { signIn } from "./support/sign-in";

test.beforeAll(async ({ browser }) => installPolicy(browser, ADMIN_OPS_POLICY));

test("IAM in production: alice approves stage 1, the page then puts security's stage 2 in front, bob may not, and grace's approval grants it", async ({ page }) => {
  const payload = requestPayload(`Widen the deploy role ${Date.now()}`, { action: "e2e.iam.role.update", environment: "production" });
  const created = await postRequest(payload);
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ status: "pending", policy: { rule: "e2e IAM in production, then security" } });
  const id = created.body.id;
  const stage = (page: Page, n: number) => page.getByRole("list", { name: "Stages" }).getByRole("listitem").nth(n - 1);

  await signIn(page, "alice@example.com");
  await page.goto(`/requests/${id}`);
  await expect(stage(page, 1)).toContainText("Stage 1: reviewers (now deciding)");
  await expect(stage(page, 2)).not.toContainText("now deciding");
  await page.getByLabel("Reason").fill("The role change matches the ticket");
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Your approval is recorded\./ })).toBeVisible();
  // Between the two people: stage 1 is done, stage 2 is now deciding, and the request is still pending.
  await expect(stage(page, 1)).toContainText("1 of 1");
  await expect(stage(page, 2)).toContainText("Stage 2: security (now deciding)");
  await expect(stage(page, 2)).toContainText("0 of 1");
  expect((await getRequest(id)).body.status).toBe("pending");

  await page.context().clearCookies();
  await signIn(page, "bob@example.com");
  await page.goto(`/requests/${id}`);
  await expect(page.getByText("This request is at stage 2 of 2, which only members of security may decide.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Approve" })).toHaveCount(0);

  await page.context().clearCookies();
  await signIn(page, "grace@example.com");
  await page.goto(`/requests/${id}`);
  await expect(stage(page, 2)).toContainText("now deciding");
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Approved\./ })).toBeVisible();

  const decided = await getRequest(id);
  expect(decided.body.status).toBe("approved");
  expect(decided.body.decisions.map((d: { decider: string }) => d.decider)).toEqual(["alice@example.com", "grace@example.com"]);
  expect(decided.body.grant).toEqual(expect.any(String));
});
