import { expect, test } from "@playwright/test";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { payloadDigest } from "../lib/domain/payload-digest";
import { getRequest, postRequest, reportExecution, requestPayload } from "./support/agent";
import { E2E_URL } from "./support/environment";
import { signIn } from "./support/sign-in";

test("alice approves the demo agent's request; the waiting agent gets a grant bound to its payload", async ({ page }) => {
  const payload = requestPayload(`Export churned customers ${Date.now()}`);
  const created = await postRequest(payload);
  expect(created.status).toBe(201);
  const waiting = getRequest(created.body.id, 60);

  await signIn(page, "alice@example.com");
  await page.goto("/queue?filter=all");
  await page.getByRole("link", { name: payload.summary }).click();
  await expect(page).toHaveURL(new RegExp(`/requests/${created.body.id}$`));
  await page.getByLabel("Reason").fill("Read-only export for the churn analysis");
  await page.getByRole("button", { name: "Approve" }).click();

  const decided = await waiting;
  expect(decided.body.status).toBe("approved");
  const { payload: claims, protectedHeader } = await jwtVerify(decided.body.grant, createRemoteJWKSet(new URL(`${E2E_URL}/.well-known/jwks.json`)));
  expect(protectedHeader.alg).toBe("EdDSA");
  expect(claims.sub).toBe(created.body.id);
  expect(claims.payloadDigest).toBe(payloadDigest(payload));
  expect(claims.approvers).toEqual(["alice@example.com"]);

  const executed = await reportExecution(created.body.id, { outcome: "succeeded", detail: "1204 rows", grant: decided.body.grant });
  expect(executed.body.status).toBe("executed");
  await expect(page.getByText(/executed/i).first()).toBeVisible();
});

test("bob rejects with a reason, and the agent sees it", async ({ page }) => {
  const payload = requestPayload(`Drop staging table ${Date.now()}`, { action: "db.drop_table" });
  const created = await postRequest(payload);
  await signIn(page, "bob@example.com");
  await page.goto(`/requests/${created.body.id}`);
  await page.getByLabel("Reason").fill("Change freeze until Monday");
  await page.getByRole("button", { name: "Reject" }).click();
  // Wait for the server's answer, not for the reason text: the reason is on the page (in the textarea)
  // before the decision is committed.
  await expect(page.getByRole("status").filter({ hasText: /^Rejected\./ })).toBeVisible();
  const decided = await getRequest(created.body.id);
  expect(decided.body.status).toBe("rejected");
  expect(decided.body.decisions[0]).toMatchObject({ decider: "bob@example.com", outcome: "reject", reason: "Change freeze until Monday" });
  expect(decided.body.grant).toBeUndefined();
});

test("a comment appears in the thread", async ({ page }) => {
  const created = await postRequest(requestPayload(`Rotate replica credentials ${Date.now()}`));
  await signIn(page, "alice@example.com");
  await page.goto(`/requests/${created.body.id}`);
  await page.getByLabel("Comment").fill("Is the replica still in use by the reporting job?");
  await page.getByRole("button", { name: "Add comment" }).click();
  // The thread's articles hold only comments the server returned; the textarea holds the draft.
  const thread = page.getByRole("article").filter({ hasText: "Is the replica still in use by the reporting job?" });
  await expect(thread).toBeVisible();
  await expect(page.getByLabel("Comment")).toHaveValue("");
  await page.reload();
  await expect(thread).toBeVisible();
});

test("the queue shows a newly posted request without a reload", async ({ page }) => {
  await signIn(page, "alice@example.com");
  // Newest first, so the new request lands on the first page however many others are pending.
  await page.goto("/queue?filter=all");
  // A reload would wipe this marker; in-page URL updates (the tab in ?filter=) would not.
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
  const payload = requestPayload(`Arrives while watching ${Date.now()}`);
  expect((await postRequest(payload)).status).toBe(201);
  await expect(page.getByRole("link", { name: payload.summary })).toBeVisible({ timeout: 10_000 });
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
});
