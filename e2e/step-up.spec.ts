import { expect, type Page, test } from "@playwright/test";
import { getRequest, postRequest, requestPayload } from "./support/agent";
import { ageSignIns, requestEvents } from "./support/database-dump";
import { ADMIN_OPS_POLICY, installPolicy } from "./support/policy";
import { signIn } from "./support/sign-in";

type Authentication = { time: string | null; methods: string[]; contextClass: string | null };

/** What the console recorded about the session's last authentication (read from its database row). */
async function recorded(page: Page): Promise<{ email: string; authentication: Authentication }> {
  const session = await (await page.request.get("/api/auth/session")).json();
  return { email: session.user.email, authentication: session.authentication };
}

const sessionCookie = async (page: Page) => (await page.context().cookies()).find((cookie) => cookie.name.endsWith("authjs.session-token"))?.value;

/** auth_time counts whole seconds: wait until a new sign-in can have a later one. */
async function waitPastSecondOf(iso: string): Promise<void> {
  const wait = Math.floor(Date.parse(iso) / 1000) * 1000 + 1000 - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait + 50));
}

async function startStepUp(page: Page, email: string) {
  await page.getByRole("link", { name: email }).click();
  await expect(page.getByRole("heading", { name: "Your sign-in" })).toBeVisible();
  await page.getByRole("button", { name: "Sign in again" }).click();
  // Back at the identity provider, which asks for the password again; login_hint fills in who.
  await expect(page.getByLabel("Password")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue(email);
}

test("a step-up sign-in asks for the password again, keeps the session and records the fresh auth_time", async ({ page }) => {
  const before = Date.now();
  await signIn(page, "grace@example.com");
  const first = await recorded(page);
  expect(first.email).toBe("grace@example.com");
  expect(first.authentication.methods).toEqual(["pwd"]);
  expect(first.authentication.time).not.toBeNull();
  expect(Date.parse(first.authentication.time!)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
  const cookie = await sessionCookie(page);
  expect(cookie).toBeTruthy();

  await waitPastSecondOf(first.authentication.time!);
  await startStepUp(page, "grace@example.com");
  await page.getByLabel("Password").fill("demo");
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page).toHaveURL(/\/account$/);
  const second = await recorded(page);
  expect(second.email).toBe("grace@example.com");
  expect(second.authentication.methods).toEqual(["pwd"]);
  expect(Date.parse(second.authentication.time!)).toBeGreaterThan(Date.parse(first.authentication.time!));
  expect(await sessionCookie(page)).toBe(cookie);
  await expect(page.locator(`time[datetime="${second.authentication.time}"]`)).toBeVisible();
});

test("a step-up answered by someone else's password is refused and changes nothing", async ({ page }) => {
  await signIn(page, "alice@example.com");
  const first = await recorded(page);
  await waitPastSecondOf(first.authentication.time!);

  await startStepUp(page, "alice@example.com");
  await page.getByLabel("Email").fill("bob@example.com");
  await page.getByLabel("Password").fill("demo");
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page).toHaveURL(/\/account\?error=OtherPerson$/);
  await expect(page.getByRole("alert").filter({ hasText: "That sign-in was as someone else, so it was refused" })).toBeVisible();
  // Not linked either: bob, signing in on his own, is bob.
  expect(await recorded(page)).toEqual(first);
  await expect(page.getByRole("definition").filter({ hasText: "Alice Anders" })).toBeVisible();
  await page.context().clearCookies();
  await signIn(page, "bob@example.com");
  expect((await recorded(page)).email).toBe("bob@example.com");
});

test("approving under a step-up rule sends the approver through the IdP with max_age, back to the request, where the decision records the fresh auth_time", async ({ page, browser }) => {
  await signIn(page, "alice@example.com");
  await installPolicy(browser, ADMIN_OPS_POLICY);
  const created = await postRequest(requestPayload(`Read the signing key ${Date.now()}`, { action: "e2e.secrets.read" }));
  expect(created.body).toMatchObject({ status: "pending", policy: { rule: "e2e secrets need a sign-in within a minute" } });
  const id = created.body.id;
  // The rule wants a sign-in within a minute: alice's becomes two minutes old, in the console's record
  // and at the identity provider, whose session (its cookie) is dropped so it must ask again.
  await ageSignIns("alice@example.com", 120);
  await page.context().clearCookies({ name: /^countersign_idp_/ });
  const staleAt = Date.now();
  const authorization = page.waitForRequest((request) => new URL(request.url()).pathname.endsWith("/auth") && new URL(request.url()).searchParams.has("max_age"));

  await page.goto(`/requests/${id}`);
  await expect(page.getByText("This request needs a sign-in within the last one minute.")).toBeVisible();
  await page.getByLabel("Reason").fill("Key rotation drill");
  await page.getByRole("button", { name: "Approve" }).click();
  // The console asks for a sign-in younger than the rule's minute, with a margin (stepUpMaxAgeSeconds).
  expect(new URL((await authorization).url()).searchParams.get("max_age")).toBe("30");
  await expect(page.getByLabel("Password")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue("alice@example.com");
  await page.getByLabel("Password").fill("demo");
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page).toHaveURL(new RegExp(`/requests/${id}$`));
  await expect(page.getByRole("status").filter({ hasText: /^Approved\./ })).toBeVisible();
  const second = await recorded(page);
  expect(Date.parse(second.authentication.time!)).toBeGreaterThanOrEqual(staleAt - 1000);
  const decided = await getRequest(id);
  expect(decided.body).toMatchObject({ status: "approved", decisions: [{ decider: "alice@example.com", outcome: "approve", reason: "Key rotation drill" }] });
  const [approval] = await requestEvents(id, "decision.approved");
  expect(approval?.actor.authentication).toEqual({ ...second.authentication, time: new Date(second.authentication.time!).toISOString() });
  // Before the round trip nothing was recorded as decided: no refused attempt, no second decision.
  expect(await requestEvents(id, "decision.refused")).toEqual([]);
});
