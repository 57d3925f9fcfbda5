import { expect, test, type APIResponse } from "@playwright/test";
import { postRequest, requestPayload } from "./support/agent";
import { E2E_URL } from "./support/environment";
import { signIn } from "./support/sign-in";

/** A rule that denies an action no other spec sends, so the policy it joins decides everything else as before. */
const RULE = (outcome: string) => `  - name: no console drops
    match: { action: "e2e.console_drop*" }
    outcome: ${outcome}
    message: Dropping is not allowed through agents.
`;

/** The document in force with RULE first: into `rules: []`, or ahead of the rules it has. */
function withRule(current: string, outcome: string): string {
  return current.includes("rules: []\n") ? current.replace("rules: []\n", `rules:\n${RULE(outcome)}`) : current.replace(/^rules:\n/m, `rules:\n${RULE(outcome)}`);
}

async function expectProblem(response: APIResponse, status: number): Promise<void> {
  expect(response.status()).toBe(status);
  expect(response.headers()["content-type"]).toContain("application/problem+json");
  expect(await response.json()).toMatchObject({ status, detail: expect.any(String), requestId: expect.any(String) });
}

test("a reviewer gets neither the console's pages nor its API", async ({ page }) => {
  await signIn(page, "alice@example.com");
  await page.goto("/admin/policies");
  await expect(page.getByText("Policy in force")).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "You don't have access" })).toBeVisible();
  await expectProblem(await page.request.get("/api/console/admin/policies"), 403);
  await expectProblem(await page.request.get("/api/console/admin/roles"), 403);
  await expectProblem(await page.request.post("/api/console/admin/policies/check", { headers: { origin: E2E_URL }, data: { yaml: "name: x" } }), 403);
  await expectProblem(await page.request.post("/api/console/admin/policies/changes", { headers: { origin: E2E_URL }, data: { yaml: "name: x" } }), 403);
});

test("dave writes a policy in the editor, fixes what the check finds, simulates and proposes it; he cannot approve it, frank does, and the next request follows it", async ({ page }) => {
  await signIn(page, "dave@example.com");
  await page.goto("/admin/policies");
  await expect(page.getByLabel("Policy in force")).toBeVisible();
  await page.getByRole("link", { name: "Propose a change" }).click();
  await expect(page).toHaveURL(/\/admin\/policies\/new$/);

  const editor = page.getByLabel("Policy YAML");
  await expect(editor).toHaveValue(/^name: /);
  const current = await editor.inputValue();
  const checks = page.getByRole("status", { name: "Validation" });
  const propose = page.getByRole("button", { name: "Propose change" });

  // A typo in the outcome: the check names its line and field without anything being submitted.
  const broken = withRule(current, "dney");
  await editor.fill(broken);
  const error = checks.getByRole("list", { name: "Errors" }).getByRole("listitem").first();
  await expect(error).toContainText(`Line ${broken.split("\n").indexOf("    outcome: dney") + 1}`);
  await expect(error).toContainText("rules[0].outcome");
  await expect(propose).toBeDisabled();

  await editor.fill(withRule(current, "deny"));
  await expect(checks).toContainText("Valid: no errors, no lint findings.");
  await expect(page.getByRole("region", { name: /^Diff of policy v\d+ → draft$/ })).toContainText("no console drops");

  await page.getByLabel("Action", { exact: true }).fill("e2e.console_drop_table");
  await page.getByLabel("Environment", { exact: true }).fill("staging");
  await page.getByLabel("Agent", { exact: true }).fill("demo-agent");
  await page.getByRole("button", { name: "Simulate" }).click();
  const results = page.getByRole("region", { name: "Simulation results" });
  await expect(results).toContainText(/Of the last (request|\d+ requests)/);
  const trial = results.getByRole("group", { name: "Test request" });
  await expect(trial).toContainText("Draft");
  await expect(trial).toContainText('Rule "no console drops" denies it: Dropping is not allowed through agents.');
  await expect(trial).toContainText("No rule matched; the default requires");

  // No origin header: refused like every other console mutation.
  await expectProblem(await page.request.post("/api/console/admin/policies/changes", { data: { yaml: withRule(current, "deny") } }), 403);

  await propose.click();
  await expect(page).toHaveURL(/\/requests\/[0-9a-f-]{36}$/);
  const changeId = page.url().split("/").at(-1)!;
  await expect(page.getByText("You proposed this policy change, so another administrator must approve it.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Approve" })).toHaveCount(0);
  await expectProblem(await page.request.post(`/api/console/requests/${changeId}/decisions`, { headers: { origin: E2E_URL }, data: { outcome: "approve" } }), 403);

  await page.goto("/admin/policies");
  await expect(page.getByRole("region", { name: /^Pending policy changes/ }).getByRole("link")).toHaveAttribute("href", `/requests/${changeId}`);

  await page.context().clearCookies();
  await signIn(page, "frank@example.com");
  await page.goto(`/requests/${changeId}`);
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Approved\./ })).toBeVisible();

  const denied = await postRequest(requestPayload(`Console drop ${Date.now()}`, { action: "e2e.console_drop_table" }));
  expect(denied.status).toBe(201);
  expect(denied.body).toMatchObject({ status: "rejected", policy: { rule: "no console drops" } });

  await page.goto("/admin/policies");
  await expect(page.getByRole("region", { name: /in force/ })).toContainText("Proposed by dave@example.com, approved by frank@example.com");
  await page.goto("/admin/roles");
  const people = page.getByRole("table", { name: "Role holders" });
  await expect(people.getByRole("row").filter({ hasText: "dave@example.com" })).toContainText("Administrator");
  await expect(people.getByRole("row").filter({ hasText: "frank@example.com" })).toContainText("Administrator");
});
