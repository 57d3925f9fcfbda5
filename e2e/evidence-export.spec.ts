import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { postRequest, requestPayload } from "./support/agent";
import { signIn } from "./support/sign-in";

test("carol exports a pack in the background, sees it build, leaves and comes back, downloads it, and verify accepts it", async ({ page }) => {
  await postRequest(requestPayload(`Background export ${Date.now()}`));
  await signIn(page, "carol@example.com");
  await expect(page).toHaveURL(/\/audit$/);
  await page.getByRole("button", { name: "Export in the background" }).click();
  const exports = page.getByRole("region", { name: "Your recent exports" });
  // The worker picks it up within a second; the list polls while it is queued or building.
  await expect(exports.getByText(/^(Queued|Building)$/).first()).toBeVisible();

  await page.goto("/queue");
  await page.goto("/audit");
  await expect(exports.getByText("Ready").first()).toBeVisible({ timeout: 60_000 });
  await expect(exports.getByText(/^SHA-256 [0-9a-f]{64}$/).first()).toBeVisible();

  const download = page.waitForEvent("download");
  await exports.getByRole("link", { name: /Download/ }).first().click();
  const file = await (await download).path();
  const output = execFileSync("npm", ["run", "cli", "--", "verify", file], { encoding: "utf8" });
  expect(output).toContain("VERIFIED: every check passed.");
});

test("a reviewer can neither start nor list background exports", async ({ page }) => {
  await signIn(page, "bob@example.com");
  const start = await page.request.post("/api/console/evidence-exports", { data: { from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date().toISOString() } });
  expect(start.status()).toBe(403);
  expect(start.headers()["content-type"]).toContain("application/problem+json");
  expect((await page.request.get("/api/console/evidence-exports")).status()).toBe(403);
});
