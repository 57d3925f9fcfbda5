import { expect, test, type Page } from "@playwright/test";
import { getRequest, postRequest, requestPayload } from "./support/agent";
import { E2E_SLACK_URL } from "./support/environment";

/** The request's message in the stand-in's #approvals, as Slack user `as` sees it (the page is reloaded until it is there). */
async function messageIn(page: Page, as: string, summary: string) {
  await expect(async () => {
    await page.goto(`${E2E_SLACK_URL}/?as=${as}`);
    await expect(page.getByRole("article").filter({ hasText: summary })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  return page.getByRole("article").filter({ hasText: summary });
}

test("the demo agent's request appears in the Slack stand-in; bob links his Slack user through SSO, approves from Slack; the agent's long-poll gets the grant and the message shows the outcome", async ({ page }) => {
  const payload = requestPayload(`Slack e2e ${Date.now()}`);
  const created = await postRequest(payload);
  expect(created.status).toBe(201);
  const waiting = getRequest(created.body.id, 60);

  // Bob's Slack account is linked to nobody: Approve answers, only to him, with a link to link it.
  let message = await messageIn(page, "U0BOB", payload.summary);
  await message.getByRole("button", { name: "Approve" }).click();
  const link = page.getByRole("link", { name: "sign in to Countersign and link it" });
  await expect(link).toBeVisible();
  await link.click();

  await expect(page.getByText("Sign in with your organisation's account to continue with Slack user U0BOB")).toBeVisible();
  await page.getByRole("button", { name: "Sign in with SSO" }).click();
  await page.getByLabel("Email").fill("bob@example.com");
  await page.getByLabel("Password").fill("demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("to you, bob@example.com?")).toBeVisible();
  await page.getByRole("button", { name: "Link Slack account" }).click();
  await expect(page).toHaveURL(/\/account\?linked=slack#chat-links$/);
  await expect(page.getByRole("region", { name: "Chat accounts" })).toContainText("U0BOB");

  // Linked: the same button now decides, as bob.
  message = await messageIn(page, "U0BOB", payload.summary);
  await message.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByText("You approved it. The request is approved.")).toBeVisible();

  const decided = await waiting;
  expect(decided.body.status).toBe("approved");
  expect(typeof decided.body.grant).toBe("string");

  // The outbox updates the message in place: the outcome, who decided, and no more buttons.
  await expect(async () => {
    const updated = await messageIn(page, "U0BOB", payload.summary);
    await expect(updated).toContainText("bob@example.com approved", { timeout: 1_000 });
    await expect(updated.getByRole("button", { name: "Approve" })).toHaveCount(0);
  }).toPass({ timeout: 20_000 });
});
