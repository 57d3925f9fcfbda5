import { expect, test, type Page } from "@playwright/test";
import { getRequest, postRequest, requestPayload } from "./support/agent";
import { E2E_TEAMS_URL } from "./support/environment";

/** The request's card in the Teams stand-in's channel, as Teams user `as` sees it (reloaded until it is there). */
async function cardIn(page: Page, as: string, summary: string) {
  await expect(async () => {
    await page.goto(`${E2E_TEAMS_URL}/?as=${as}`);
    await expect(page.getByRole("article").filter({ hasText: summary })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  return page.getByRole("article").filter({ hasText: summary });
}

test("the demo agent's request appears in the Teams stand-in; bob's Refresh card asks him to sign in, he links his Teams user through SSO and approves from his own card; the agent gets the grant and the card shows the outcome", async ({ page }) => {
  const payload = requestPayload(`Teams e2e ${Date.now()}`);
  const created = await postRequest(payload);
  expect(created.status).toBe(201);
  const waiting = getRequest(created.body.id, 60);

  // The card in the channel has no buttons; bob's Teams user is linked to nobody, so refreshing it is Teams' login request.
  let card = await cardIn(page, "bob", payload.summary);
  await expect(card.getByRole("button", { name: "Approve" })).toHaveCount(0);
  await card.getByRole("button", { name: "Refresh card" }).click();
  const link = page.getByRole("link", { name: "Sign in to Countersign and link this Teams user" });
  await page.goto((await link.getAttribute("href"))!);

  await page.getByRole("button", { name: "Sign in with SSO" }).click();
  await page.getByLabel("Email").fill("bob@example.com");
  await page.getByLabel("Password").fill("demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("to you, bob@example.com?")).toBeVisible();
  await page.getByRole("button", { name: "Link Microsoft Teams account" }).click();
  await expect(page).toHaveURL(/\/account\?linked=teams#chat-links$/);

  // Linked: his own card has Approve, which decides as bob.
  card = await cardIn(page, "bob", payload.summary);
  await card.getByRole("button", { name: "Refresh card" }).click();
  card = page.getByRole("article").filter({ hasText: payload.summary });
  await card.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByText("You approved this request.")).toBeVisible();

  const decided = await waiting;
  expect(decided.body.status).toBe("approved");
  expect(typeof decided.body.grant).toBe("string");

  // The outbox replaces the card in place: everyone sees the outcome and who decided.
  await expect(async () => {
    const updated = await cardIn(page, "erin", payload.summary);
    await expect(updated).toContainText("bob@example.com approved", { timeout: 1_000 });
    await expect(updated).toContainText("Approved", { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
});
