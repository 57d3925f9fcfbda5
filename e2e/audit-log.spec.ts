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

test("carol's overview counts the period's requests and keeps its period in the address; the API refuses half a period", async ({ page, request }) => {
  await postRequest(requestPayload(`Overview target ${Date.now()}`));
  await signIn(page, "carol@example.com");
  const overview = page.getByRole("region", { name: "Overview" });
  const requests = overview.getByRole("definition").first();
  await expect(requests).toHaveText(/^[1-9][\d,]*$/);
  await expect(overview.getByRole("img", { name: /Requests per day from/ })).toBeVisible();

  await overview.getByRole("link", { name: "Last 7 days" }).click();
  await expect(page).toHaveURL(/\/audit\?period=7d$/);
  await expect(overview.getByRole("link", { name: "Last 7 days" })).toHaveAttribute("aria-current", "page");
  await page.reload();
  await expect(overview.getByRole("link", { name: "Last 7 days" })).toHaveAttribute("aria-current", "page");

  // The API refuses a period with only one end, in problem+json.
  const bad = await page.request.get("/api/console/audit/overview?from=2026-01-01");
  expect(bad.status()).toBe(400);
  expect(bad.headers()["content-type"]).toContain("application/problem+json");
  // Without a session there are no figures at all.
  expect((await request.get("/api/console/audit/overview")).status()).toBe(401);
});

test("a reviewer is refused the overview by the server, not only by the page", async ({ page }) => {
  await signIn(page, "bob@example.com");
  const response = await page.request.get("/api/console/audit/overview?period=7d");
  expect(response.status()).toBe(403);
});
