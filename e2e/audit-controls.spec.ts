import { expect, test } from "@playwright/test";
import { postRequest, requestPayload } from "./support/agent";
import { E2E_URL } from "./support/environment";
import { signIn } from "./support/sign-in";

test("carol sees a refused self-approval among the exceptions, its control marked, linked to the request's timeline", async ({ browser }) => {
  const created = await postRequest(requestPayload(`Self-approval for the auditor ${Date.now()}`));
  const erin = await browser.newPage();
  await signIn(erin, "erin@example.com");
  const refused = await erin.request.post(`/api/console/requests/${created.body.id}/decisions`, { headers: { origin: E2E_URL }, data: { outcome: "approve", reason: "my own" } });
  expect(refused.status()).toBe(403);
  await erin.close();

  const page = await browser.newPage();
  await signIn(page, "carol@example.com");
  const exceptions = page.getByRole("region", { name: /^Exceptions/ });
  // The worker tests the sealed event within a second or two; the overview refreshes on reload.
  const link = exceptions.getByRole("link", { name: `Request ${created.body.id}: Refused self-approval attempt` });
  await expect(async () => {
    await page.reload();
    await expect(link).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  const segregation = page.getByRole("region", { name: "Controls" }).getByRole("listitem").filter({ hasText: "A.5.3Segregation of duties" });
  await expect(segregation.getByText("Exceptions", { exact: true })).toBeVisible();
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/requests/${created.body.id}$`));
});
