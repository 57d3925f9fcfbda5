import { expect, test } from "@playwright/test";
import { postRequest, requestPayload } from "./support/agent";
import { proposePolicy } from "./support/policy";
import { signIn } from "./support/sign-in";

// The shipped default, plus one rule that denies an action no other spec sends.
const POLICY = `name: Production approvals
rules:
  - name: no e2e drops
    match: { action: "e2e.drop*" }
    outcome: deny
    message: Dropping is not allowed through agents.
default:
  outcome: require
  stages: [ { approvals: 1, groups: [reviewers] } ]
  ttl: 1h
`;

test("dave proposes a policy change and cannot approve it; frank approves it; the next request follows the new rule", async ({ page }) => {
  const change = await proposePolicy(POLICY);
  expect(change).toMatchObject({ id: expect.any(String), status: "pending" });

  await signIn(page, "dave@example.com");
  await page.goto(`/requests/${change.id}`);
  await expect(page.getByText("You proposed this policy change, so another administrator must approve it.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Approve" })).toHaveCount(0);

  await page.context().clearCookies();
  await signIn(page, "frank@example.com");
  await page.goto(`/requests/${change.id}`);
  await expect(page.getByText("policy changes need another administrator").first()).toBeVisible();
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Approved\./ })).toBeVisible();

  const denied = await postRequest(requestPayload(`Drop it ${Date.now()}`, { action: "e2e.drop_table" }));
  expect(denied.status).toBe(201);
  expect(denied.body).toMatchObject({ status: "rejected", policy: { rule: "no e2e drops" } });
  expect(denied.body.decisions[0].reason).toBe("Dropping is not allowed through agents.");
});
