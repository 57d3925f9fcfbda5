import { expect, test } from "@playwright/test";
import { getRequest, postRequest, requestPayload } from "./support/agent";
import { E2E_URL } from "./support/environment";
import { signIn } from "./support/sign-in";

test("dave creates an agent whose key is shown once and works; rotating it stops the old key; revoking stops the new one", async ({ page }) => {
  const name = `e2e-bot-${Date.now().toString(36)}`;
  await signIn(page, "dave@example.com");
  await page.goto("/admin/agents");
  await page.getByLabel("Agent name").fill(name);
  await page.getByLabel("Owner email").fill("erin@example.com");
  await page.getByRole("button", { name: "Create agent" }).click();

  const shownKey = page.getByLabel("API key", { exact: true });
  const key = (await shownKey.textContent())?.trim() ?? "";
  expect(key).toMatch(/^cs_live_[\w-]{43}$/);
  await expect(page.getByRole("button", { name: "Copy API key" })).toBeVisible();
  const row = page.getByRole("listitem", { name });
  await expect(row).toContainText("Active");
  await expect(row).toContainText("erin@example.com");
  await expect(row).toContainText(`${key.slice(0, 12)}…`);
  await expect(row).toContainText("Never");

  const created = await postRequest(requestPayload(`From the new agent ${Date.now()}`), key);
  expect(created.status).toBe(201);
  expect(created.body.status).toBe("pending");

  // Shown once: dismissed, the key is nowhere on the page, nor after a reload; its use now shows.
  await page.getByRole("button", { name: "I have copied it" }).click();
  await expect(shownKey).toHaveCount(0);
  await page.reload();
  await expect(row).toContainText("Active");
  await expect(row).not.toContainText("Never");
  expect(await page.content()).not.toContain(key);

  await row.getByRole("button", { name: "Rotate key", exact: true }).click();
  await row.getByRole("button", { name: "Rotate key now" }).click();
  await expect(shownKey).toBeVisible();
  const rotated = (await shownKey.textContent())?.trim() ?? "";
  expect(rotated).toMatch(/^cs_live_/);
  expect(rotated).not.toBe(key);
  expect((await getRequest(created.body.id, undefined, key)).status).toBe(401);
  expect((await getRequest(created.body.id, undefined, rotated)).status).toBe(200);
  await page.getByRole("button", { name: "I have copied it" }).click();
  await expect(row).toContainText(`${rotated.slice(0, 12)}…`);

  await row.getByRole("button", { name: "Revoke", exact: true }).click();
  await row.getByRole("button", { name: "Revoke agent" }).click();
  await expect(row).toContainText("Revoked");
  await expect(row.getByRole("button", { name: "Rotate key", exact: true })).toHaveCount(0);
  expect((await getRequest(created.body.id, undefined, rotated)).status).toBe(401);
  // Its pending request went with it.
  await page.goto(`/requests/${created.body.id}`);
  await expect(page.getByText(/cancelled/i).first()).toBeVisible();
});

test("agents are for administrators only: the page, and the console API behind it", async ({ page }) => {
  await signIn(page, "alice@example.com");
  await page.goto("/admin/agents");
  await expect(page.getByRole("heading", { name: "You don't have access" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Create agent" })).toHaveCount(0);
  const listed = await page.request.get("/api/console/agents");
  expect(listed.status()).toBe(403);
  expect(listed.headers()["content-type"]).toContain("application/problem+json");
  const created = await page.request.post("/api/console/agents", {
    headers: { origin: E2E_URL, "content-type": "application/json" },
    data: { name: "alices-bot", ownerEmail: "alice@example.com" },
  });
  expect(created.status()).toBe(403);
  expect(JSON.stringify(await created.json())).not.toContain("cs_live_");
});
