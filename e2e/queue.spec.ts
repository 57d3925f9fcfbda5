import { mkdirSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { postRequest, requestPayload } from "./support/agent";
import { expectNoSeriousAxeViolations } from "./support/axe";
import { signIn } from "./support/sign-in";

const SCREENSHOTS = ".test-data/screenshots";

test("a search kept in the address finds a request by summary, and the shared URL shows the same view to another reviewer", async ({ page, browser }) => {
  const tag = `${Date.now()}`;
  const wanted = await postRequest(requestPayload(`Export churned customers ${tag}`));
  await postRequest(requestPayload(`Rotate replica credentials ${tag}`, { action: "db.rotate" }));
  await signIn(page, "alice@example.com");
  await page.goto("/queue?filter=all");
  await page.getByLabel("Search requests").fill(`churned customers ${tag}`);
  await expect(page).toHaveURL(new RegExp(`[?&]q=churned\\+customers\\+${tag}`));
  const list = page.getByRole("list", { name: "All requests" });
  await expect(list.getByRole("link")).toHaveCount(1);
  await expect(list.getByRole("link", { name: `Export churned customers ${tag}` })).toHaveAttribute("href", `/requests/${wanted.body.id}`);

  // The shared address: another reviewer opens it and sees the same search and result.
  const shared = page.url();
  const other = await browser.newPage();
  await signIn(other, "bob@example.com");
  await other.goto(shared);
  await expect(other.getByLabel("Search requests")).toHaveValue(`churned customers ${tag}`);
  await expect(other.getByRole("list", { name: "All requests" }).getByRole("link")).toHaveCount(1);
  // By action and by agent name too.
  await other.getByLabel("Search requests").fill(`db.rotate`);
  await expect(other.getByRole("link", { name: `Rotate replica credentials ${tag}` })).toBeVisible();
  await other.close();
});

test("filters and risk badges: a production IAM wildcard is high risk, with its reason in words, on the row and the request page", async ({ page }) => {
  const tag = `${Date.now()}`;
  const wildcard = await postRequest(
    requestPayload(`Open the reports bucket policy ${tag}`, {
      action: "iam.put-policy",
      resource: "arn:aws:iam::123:policy/reports",
      parameters: { policyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] } },
      change: undefined,
    }),
  );
  const staging = await postRequest(requestPayload(`Read staging orders ${tag}`, { action: "db.read", environment: "staging", resource: "postgres://staging/orders", change: undefined }));
  expect(wildcard.status).toBe(201);
  expect(staging.status).toBe(201);
  await signIn(page, "alice@example.com");
  await page.goto(`/queue?filter=all&q=${tag}&risk=high`);
  const row = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: `Open the reports bucket policy ${tag}` }) });
  await expect(row).toBeVisible();
  await expect(row.getByText("High risk", { exact: true })).toBeVisible();
  await expect(row.getByRole("list", { name: "Risk factors" })).toContainText("Widens privileges in production: an IAM policy allows every action or every resource (*)");
  await expect(page.getByRole("link", { name: `Read staging orders ${tag}` })).toHaveCount(0);
  // Another risk level is one choice away, and the address follows it.
  await page.getByLabel("Risk", { exact: true }).selectOption("none");
  await expect(page).toHaveURL(/risk=none/);
  await expect(page.getByRole("link", { name: `Read staging orders ${tag}` })).toBeVisible();
  await page.getByLabel("Environment").fill("production");
  await expect(page.getByRole("link", { name: `Read staging orders ${tag}` })).toHaveCount(0);

  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/requests/${wildcard.body.id}`);
  const header = page.locator("header").filter({ hasText: `Open the reports bucket policy ${tag}` });
  await expect(header.getByText("High risk", { exact: true })).toBeVisible();
  await expect(header.getByRole("list", { name: "Risk factors" })).toContainText("Widens privileges in production");
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/request-1440.png` });
});

test("waiting for me is a reviewer's default, and the rest is one click away", async ({ page }) => {
  const tag = `${Date.now()}`;
  const forAlice = await postRequest(requestPayload(`On alice's behalf ${tag}`, { onBehalfOf: "alice@example.com" }));
  const plain = await postRequest(requestPayload(`For any reviewer ${tag}`));
  await signIn(page, "alice@example.com");
  await page.goto(`/queue?q=${tag}`);
  await expect(page.getByRole("link", { name: "Waiting for me" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("link", { name: `For any reviewer ${tag}` })).toHaveAttribute("href", `/requests/${plain.body.id}`);
  await expect(page.getByRole("link", { name: `On alice's behalf ${tag}` })).toHaveCount(0);
  await page.getByRole("link", { name: /^Pending/ }).click();
  await expect(page).toHaveURL(/filter=pending/);
  await expect(page.getByRole("link", { name: `On alice's behalf ${tag}` })).toHaveAttribute("href", `/requests/${forAlice.body.id}`);
});

test("keyboard: j/k move through the queue, o opens, ? shows help; on the request page r then Ctrl+Enter rejects with the reason", async ({ page }) => {
  const tag = `${Date.now()}`;
  const first = await postRequest(requestPayload(`Keyboard first ${tag}`));
  await postRequest(requestPayload(`Keyboard second ${tag}`));
  await signIn(page, "bob@example.com");
  await page.goto(`/queue?filter=all&sort=oldest&q=${tag}`);
  await expect(page.getByRole("list", { name: "All requests" }).getByRole("link")).toHaveCount(2);
  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeHidden();
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  await expect(page.getByRole("link", { name: `Keyboard second ${tag}` })).toBeFocused();
  await page.keyboard.press("k");
  await expect(page.getByRole("link", { name: `Keyboard first ${tag}` })).toBeFocused();
  await page.keyboard.press("o");
  await expect(page).toHaveURL(new RegExp(`/requests/${first.body.id}$`));

  await expect(page.getByRole("button", { name: "Reject" })).toBeVisible();
  await page.keyboard.press("r");
  await expect(page.getByLabel("Reason")).toBeFocused();
  await page.keyboard.type("Not during the freeze");
  await page.keyboard.press("Control+Enter");
  await expect(page.getByRole("status").filter({ hasText: /^Rejected\./ })).toBeVisible();
});

test("bulk reject: selected requests are rejected with one reason after a confirm step, and a refusal is reported for its request", async ({ page }) => {
  const tag = `${Date.now()}`;
  const flood = [];
  for (let i = 1; i <= 3; i++) flood.push(await postRequest(requestPayload(`Flood ${i} ${tag}`)));
  const own = await postRequest(requestPayload(`Flood on bob's behalf ${tag}`, { onBehalfOf: "bob@example.com" }));
  await signIn(page, "bob@example.com");
  await page.goto(`/queue?filter=pending&sort=oldest&q=${tag}`);
  const list = page.getByRole("list", { name: "Pending requests" });
  await expect(list.getByRole("link")).toHaveCount(4);
  await page.getByLabel("Select all shown").check();
  await page.getByRole("button", { name: "Reject selected…" }).click();
  await expect(page.getByRole("button", { name: "Reject 4 requests" })).toBeDisabled();
  await page.getByLabel("Reason for rejecting all 4").fill("Runaway agent, stopped at the source");
  await page.getByRole("button", { name: "Reject 4 requests" }).click();
  const result = page.getByRole("status").filter({ hasText: "Rejected 3 of 4." });
  await expect(result).toContainText(`Flood on bob's behalf ${tag}: This request was made on your behalf`);
  for (const f of flood) {
    const response = await page.request.get(`/api/console/requests/${f.body.id}`);
    expect((await response.json()).status).toBe("rejected");
  }
  expect((await (await page.request.get(`/api/console/requests/${own.body.id}`)).json()).status).toBe("pending");
});

test("the queue at 375 px: rows stack, filters fold behind one button, no serious accessibility violations", async ({ browser }) => {
  const tag = `${Date.now()}`;
  const phone = await postRequest(requestPayload(`Phone review ${tag}`, { action: "db.drop_table" }));
  // A context of its own (axe needs one), at a phone's width.
  const context = await browser.newContext({ viewport: { width: 375, height: 812 } });
  const page = await context.newPage();
  await signIn(page, "alice@example.com");
  await page.goto(`/queue?filter=pending`);
  await expect(page.getByRole("link", { name: `Phone review ${tag}` })).toBeVisible();
  await expect(page.getByLabel("Environment")).toBeHidden();
  await page.getByRole("button", { name: "Filters" }).click();
  await expect(page.getByLabel("Environment")).toBeVisible();
  await page.getByRole("button", { name: "Filters" }).click();
  // Nothing wider than the screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/queue-375.png`, fullPage: true });
  await expectNoSeriousAxeViolations(page);

  // The request page on the phone: its risk in words, and the decision controls within reach.
  await page.getByRole("link", { name: `Phone review ${tag}` }).click();
  await expect(page).toHaveURL(new RegExp(`/requests/${phone.body.id}$`));
  await expect(page.getByRole("list", { name: "Risk factors" })).toContainText("Destructive in production");
  await page.getByRole("button", { name: "Approve" }).scrollIntoViewIfNeeded();
  await expect(page.getByRole("button", { name: "Approve" })).toBeInViewport();
  await expect(page.getByRole("button", { name: "Reject" })).toBeInViewport();
  await expect(page.getByLabel("Reason")).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await page.screenshot({ path: `${SCREENSHOTS}/request-375.png`, fullPage: true });
  await context.close();
});

test("the queue at 1440 px has no serious or critical accessibility violations, with filters, risk badges and selection shown", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await signIn(page, "alice@example.com");
  await page.goto(`/queue?filter=pending&sort=risk`);
  await expect(page.getByLabel("Search requests")).toBeVisible();
  await expect(page.getByRole("list", { name: "Pending requests" })).toBeVisible();
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/queue-1440.png`, fullPage: true });
  await expectNoSeriousAxeViolations(page);
  await context.close();
});
