import { expect, test } from "@playwright/test";
import { getRequest, postRequest, requestPayload } from "./support/agent";
import { E2E_URL } from "./support/environment";
import { signIn } from "./support/sign-in";

test("erin cannot approve her own agent's request: no buttons, and the server refuses a forged POST", async ({ page }) => {
  const created = await postRequest(requestPayload(`Grant erin admin ${Date.now()}`, { action: "iam.grant" }));
  await signIn(page, "erin@example.com");
  await page.goto(`/requests/${created.body.id}`);
  await expect(page.getByText(/own the agent/i)).toBeVisible();
  await expect(page.getByRole("button", { name: "Approve" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Reject" })).toHaveCount(0);

  const forged = await page.request.post(`/api/console/requests/${created.body.id}/decisions`, {
    headers: { origin: E2E_URL, "content-type": "application/json" },
    data: { outcome: "approve", reason: "forged" },
  });
  expect(forged.status()).toBe(403);
  expect(forged.headers()["content-type"]).toContain("application/problem+json");
  expect((await forged.json()).detail).toMatch(/own the agent/);
  expect((await getRequest(created.body.id)).body.status).toBe("pending");
});

test("cross-site requests are refused even with a valid session", async ({ page }) => {
  const created = await postRequest(requestPayload(`Cross-site attempt ${Date.now()}`));
  await signIn(page, "alice@example.com");
  const response = await page.request.post(`/api/console/requests/${created.body.id}/decisions`, {
    headers: { origin: "http://evil.example", "content-type": "application/json" },
    data: { outcome: "approve" },
  });
  expect(response.status()).toBe(403);
  expect((await getRequest(created.body.id)).body.status).toBe("pending");

  // Reads too: an export is a GET that records an event, so another site must not trigger one.
  expect((await page.request.get("/api/console/queue", { headers: { "sec-fetch-site": "cross-site" } })).status()).toBe(403);
  expect((await page.request.get("/api/console/queue", { headers: { "sec-fetch-site": "same-origin" } })).status()).toBe(200);
});

test("carol, an auditor, sees requests read-only", async ({ page }) => {
  const created = await postRequest(requestPayload(`Auditor view ${Date.now()}`));
  await signIn(page, "carol@example.com");
  await page.goto(`/requests/${created.body.id}`);
  await expect(page.getByText(/read-only/i).first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Approve" })).toHaveCount(0);
});
