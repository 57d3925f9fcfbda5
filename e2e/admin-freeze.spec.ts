import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, type Page, test } from "@playwright/test";
import { getRequest, postRequest, requestPayload } from "./support/agent";
import { E2E_DATA_DIR, E2E_PG_PORT, E2E_URL } from "./support/environment";
import { signIn } from "./support/sign-in";

// Whatever happens above, no spec after this one may find approvals frozen.
test.afterAll(async () => {
  await promisify(execFile)("npm", ["run", "-s", "cli", "--", "approvals", "thaw"], {
    env: { ...process.env, COUNTERSIGN_DATA_DIR: E2E_DATA_DIR, EMBEDDED_PG_PORT: String(E2E_PG_PORT) },
  });
});

const banner = (page: Page) => page.getByRole("complementary", { name: "Approvals frozen" });

test("dave freezes approvals at /admin/freeze: every page says so, nothing pending can be decided, new requests are rejected with his message; after the thaw both work", async ({ page, browser }) => {
  const message = "Incident 42: hold every production change until the all-clear";
  const pending = await postRequest(requestPayload(`Before the freeze ${Date.now()}`));
  expect(pending.body.status).toBe("pending");

  await signIn(page, "dave@example.com");
  await page.goto("/admin/freeze");
  await expect(page.getByText("Approvals are open")).toBeVisible();
  await page.getByLabel("Message").fill(message);
  await page.getByRole("button", { name: "Freeze approvals" }).click();
  await expect(page.getByText("Approvals are frozen", { exact: true })).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: message })).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: "dave@example.com" })).toBeVisible();
  await expect(banner(page)).toContainText(message);

  const reviewer = await browser.newContext({ baseURL: E2E_URL });
  const alice = await reviewer.newPage();
  await signIn(alice, "alice@example.com");
  await expect(banner(alice)).toContainText(message);
  await alice.goto(`/requests/${pending.body.id}`);
  await expect(banner(alice)).toContainText(message);
  await expect(alice.locator("#decision").getByText(`Approvals are frozen: ${message}`)).toBeVisible();
  await expect(alice.getByRole("button", { name: "Approve" })).toHaveCount(0);
  const forged = await alice.request.post(`/api/console/requests/${pending.body.id}/decisions`, {
    headers: { origin: E2E_URL, "content-type": "application/json" },
    data: { outcome: "approve" },
  });
  expect(forged.status()).toBe(409);
  expect(forged.headers()["content-type"]).toContain("application/problem+json");
  // Only administrators hold the switch, whatever the page shows.
  const thawByAlice = await alice.request.post("/api/console/freeze", { headers: { origin: E2E_URL, "content-type": "application/json" }, data: { frozen: false } });
  expect(thawByAlice.status()).toBe(403);
  expect(thawByAlice.headers()["content-type"]).toContain("application/problem+json");

  const during = await postRequest(requestPayload(`During the freeze ${Date.now()}`));
  expect(during.status).toBe(201);
  expect(during.body.status).toBe("rejected");
  expect(during.body.decisions[0].reason).toBe(`Approvals are frozen: ${message}`);

  await page.getByRole("button", { name: "Thaw approvals" }).click();
  await expect(page.getByText("Approvals are open")).toBeVisible();
  await expect(banner(page)).toHaveCount(0);

  await alice.reload();
  await expect(banner(alice)).toHaveCount(0);
  await alice.getByRole("button", { name: "Approve" }).click();
  await expect(alice.getByRole("status").filter({ hasText: /^Approved\./ })).toBeVisible();
  expect((await getRequest(pending.body.id)).body.status).toBe("approved");
  expect((await postRequest(requestPayload(`After the thaw ${Date.now()}`))).body.status).toBe("pending");
  await reviewer.close();
});

test("the freeze page is for administrators only", async ({ page }) => {
  await signIn(page, "alice@example.com");
  await page.goto("/admin/freeze");
  await expect(page.getByRole("heading", { name: "You don't have access" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Freeze approvals" })).toHaveCount(0);
});
