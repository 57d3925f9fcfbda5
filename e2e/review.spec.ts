import { expect, test, type Browser, type Page } from "@playwright/test";
import { postRequest, requestPayload } from "./support/agent";
import { expectNoSeriousAxeViolations } from "./support/axe";
import { signIn } from "./support/sign-in";

/** A page of its own (its own cookies), signed in as `email`. */
async function personPage(browser: Browser, email: string, viewport = { width: 1440, height: 900 }): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  await signIn(page, email);
  return page;
}

const iamPolicy = (action: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action, Resource: "arn:aws:s3:::reports/*" }] });

/** A Terraform plan that widens an IAM policy, the policy document an escaped string on each side, and destroys a bucket. */
const iamPlan = {
  format_version: "1.2",
  terraform_version: "1.9.5",
  resource_changes: [
    {
      address: "aws_iam_policy.reports_reader",
      type: "aws_iam_policy",
      change: { actions: ["update"], before: { name: "reports-reader", policy: iamPolicy("s3:GetObject") }, after: { name: "reports-reader", policy: iamPolicy("s3:*") } },
    },
    { address: "aws_s3_bucket.old_reports", type: "aws_s3_bucket", change: { actions: ["delete"], before: { bucket: "old-reports" }, after: null } },
  ],
};

async function createRequest(summary: string, extra: Record<string, unknown> = {}): Promise<string> {
  const created = await postRequest(requestPayload(summary, extra));
  expect(created.status).toBe(201);
  return created.body.id as string;
}

test("a policy document inside a Terraform plan is diffed as a document: the one action that widened reads plainly", async ({ browser }) => {
  const id = await createRequest(`Widen reports reader ${Date.now()}`, {
    action: "iam.policy.update",
    change: { format: "terraform-plan", after: JSON.stringify(iamPlan) },
  });
  const page = await personPage(browser, "alice@example.com");
  await page.goto(`/requests/${id}`);
  const inside = page.getByRole("list", { name: "Changes inside policy of aws_iam_policy.reports_reader" });
  await expect(inside.getByRole("listitem")).toHaveCount(1);
  await expect(inside.getByRole("listitem")).toHaveText('Statement[0].Action: "s3:GetObject" → "s3:*"');
  // The escaped strings are not shown at all, and the destroyed bucket is flagged.
  await expect(page.getByText('{\\"Statement', { exact: false })).toHaveCount(0);
  await expect(page.getByText("1 destructive change", { exact: false })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
});

test("a reply that mentions a reviewer notifies them in the console; opening the request reads it", async ({ browser }) => {
  const id = await createRequest(`Export for the board ${Date.now()}`);
  // Mentions name people who have signed in: bob has.
  const bob = await personPage(browser, "bob@example.com");
  const alice = await personPage(browser, "alice@example.com");
  await alice.goto(`/requests/${id}`);
  await alice.getByLabel("Comment").fill("Which ticket asked for this?");
  await alice.getByRole("button", { name: "Add comment" }).click();
  await expect(alice.getByRole("article").filter({ hasText: "Which ticket asked for this?" })).toBeVisible();

  const grace = await personPage(browser, "grace@example.com");
  await grace.goto(`/requests/${id}`);
  await grace.getByRole("button", { name: "Reply to Alice Anders" }).click();
  await grace.getByLabel("Reply", { exact: true }).fill("OPS-1234; @bob signed it off.");
  await grace.getByRole("button", { name: "Add reply" }).click();
  const replies = grace.getByRole("list", { name: "Replies to Alice Anders" });
  await expect(replies.getByRole("article").filter({ hasText: "OPS-1234; @bob signed it off." })).toBeVisible();
  await expect(replies.getByText("Notified: alice@example.com, bob@example.com")).toBeVisible();

  // Bob's bell counts it (the header polls), and the inbox links to the request.
  await bob.goto("/queue");
  const bell = bob.getByRole("button", { name: "Notifications, 1 unread" });
  await expect(bell).toBeVisible({ timeout: 15_000 });
  await bell.click();
  await bob.getByRole("region", { name: "Notifications" }).getByRole("link", { name: /mentioned you on Export for the board/ }).click();
  await expect(bob).toHaveURL(new RegExp(`/requests/${id}#comments$`));
  await expect(bob.getByRole("button", { name: "Notifications", exact: true })).toBeVisible({ timeout: 15_000 });

  // The asker marks her question answered.
  await alice.reload();
  await alice.getByRole("button", { name: "Mark answered" }).click();
  await expect(alice.getByRole("article").filter({ hasText: "Which ticket asked for this?" }).getByText("Answered")).toBeVisible();
});

test("coming back to a request shows what changed since you last looked, at the top and in the timeline", async ({ browser }) => {
  const id = await createRequest(`Rotate the reporting key ${Date.now()}`);
  const bob = await personPage(browser, "bob@example.com");
  const viewed = bob.waitForResponse((r) => r.url().endsWith(`/requests/${id}/views`) && r.ok());
  await bob.goto(`/requests/${id}`);
  await viewed;
  await expect(bob.getByRole("region", { name: "Since you last looked" })).toHaveCount(0);
  await bob.goto("/queue");

  const alice = await personPage(browser, "alice@example.com");
  await alice.goto(`/requests/${id}`);
  await alice.getByLabel("Comment").fill("Rotation window is tonight.");
  await alice.getByRole("button", { name: "Add comment" }).click();
  await alice.getByLabel("Reason").fill("Scheduled rotation");
  await alice.getByRole("button", { name: "Approve" }).click();
  await expect(alice.getByRole("status").filter({ hasText: /^Approved/ })).toBeVisible();

  await bob.goto(`/requests/${id}`);
  const since = bob.getByRole("region", { name: "Since you last looked" });
  await expect(since).toBeVisible();
  await expect(since.getByRole("listitem")).toContainText(["alice@example.com commented", "alice@example.com approved", "The request was approved", "A grant was issued to the agent"]);
  await expect(bob.getByRole("region", { name: "Timeline" }).getByText("new", { exact: true }).first()).toBeVisible();
  await expectNoSeriousAxeViolations(bob);
});

test("a browser notification, once turned on, announces a new request the reviewer may decide", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.grantPermissions(["notifications"]);
  // Record what the page asks the Notification API to show.
  await context.addInitScript(() => {
    const shown: string[] = [];
    (window as unknown as { shownNotifications: string[] }).shownNotifications = shown;
    const Real = window.Notification;
    class Recording extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        shown.push(title);
      }
    }
    Object.defineProperty(window, "Notification", { value: Recording });
  });
  const page = await context.newPage();
  await signIn(page, "bob@example.com");
  await page.goto("/account");
  await page.getByRole("button", { name: "Turn on browser notifications" }).click();
  await expect(page.getByRole("button", { name: "Turn off browser notifications" })).toBeVisible();
  await page.goto("/queue");
  // Let the watcher take in what is already pending, which it does not announce.
  await page.waitForResponse((r) => r.url().includes("/api/console/queue?filter=waiting") && r.ok());
  const summary = `Restart the billing worker ${Date.now()}`;
  await createRequest(summary);
  await expect.poll(() => page.evaluate(() => (window as unknown as { shownNotifications: string[] }).shownNotifications), { timeout: 20_000 }).toContain(`Waiting for you: ${summary}`);
});

test("the request page at 375 px: the decision controls are reachable and the diff scrolls inside its box", async ({ browser }) => {
  const id = await createRequest(`Phone review ${Date.now()}`, {
    change: { format: "sql", before: "SELECT id FROM customers;", after: `SELECT id, plan, ${"very_long_column_name, ".repeat(12)}churned_at FROM customers WHERE churned_at >= '2026-10-01';` },
  });
  const page = await personPage(browser, "alice@example.com", { width: 375, height: 812 });
  await page.goto(`/requests/${id}`);
  await expect(page.getByRole("button", { name: "Approve" })).toBeVisible();
  await page.getByLabel("Reason").scrollIntoViewIfNeeded();
  await expect(page.getByLabel("Reason")).toBeInViewport();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  // The long line scrolls inside the diff's own box.
  const diff = page.getByRole("region", { name: "Diff of change.sql" }).locator("[tabindex=\"0\"]");
  expect(await diff.evaluate((box) => box.scrollWidth > box.clientWidth)).toBe(true);
  await page.screenshot({ path: "test-results/request-375.png", fullPage: true });
});

test("the audit log and the admin pages have no serious or critical accessibility violations", async ({ browser }) => {
  const carol = await personPage(browser, "carol@example.com");
  await carol.goto("/audit");
  await expect(carol.getByRole("button", { name: "Download evidence pack" }).or(carol.getByRole("link", { name: "Download evidence pack" }))).toBeVisible();
  await expectNoSeriousAxeViolations(carol);
  const dave = await personPage(browser, "dave@example.com");
  for (const path of ["/admin", "/admin/agents", "/admin/freeze", "/admin/roles"]) {
    await dave.goto(path);
    await dave.waitForLoadState("networkidle");
    await expectNoSeriousAxeViolations(dave);
  }
});
