import { expect, test } from "@playwright/test";
import { postRequest, requestPayload } from "./support/agent";
import { signIn } from "./support/sign-in";

test("carol's audit filters live in the address: they survive a reload and the back button undoes them", async ({ page }) => {
  const created = await postRequest(requestPayload(`Audit filter target ${Date.now()}`));
  await signIn(page, "carol@example.com");
  const rows = page.getByRole("table", { name: /audit events/i }).locator("tbody tr");
  await expect(rows.first()).toBeVisible();

  await page.getByLabel("Subject id").fill(created.body.id);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(new RegExp(`/audit\\?streamId=${created.body.id}$`));
  // The request's own events only, newest first: it was created, then the policy evaluated it.
  const types = rows.locator("td:nth-child(3)");
  await expect(types).toHaveText(["policy.evaluated", "request.created"]);

  await page.reload();
  await expect(page.getByLabel("Subject id")).toHaveValue(created.body.id);
  await expect(types).toHaveText(["policy.evaluated", "request.created"]);

  await page.goBack();
  await expect(page).toHaveURL(/\/audit$/);
  await expect(page.getByLabel("Subject id")).toHaveValue("");
});
