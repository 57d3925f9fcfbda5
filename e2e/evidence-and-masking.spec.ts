import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { strFromU8, unzipSync } from "fflate";
import { getRequest, postRequest, requestPayload } from "./support/agent";
import { dumpDatabase } from "./support/database-dump";
import { E2E_DATA_DIR, E2E_LOG_FILE } from "./support/environment";
import { signIn } from "./support/sign-in";

/** Secrets an agent might carelessly include; none may ever be shown or stored. */
const CANARIES = {
  awsSecret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ8cAnArY1",
  githubToken: "ghp_R3aLlyN0tAT0kenButL00ksLik3One0a1b2c",
  dbPassword: "Tr0ub4dor-and-3-canary",
  privateEmail: "jane.canary@customer-mail.test",
  // Personal data with no format of its own: only the column names it.
  birthDate: "1979-05-30",
  canadianSin: "046 454 286",
};

test("a secret posted in the context never appears on a page, in the API, the database, the logs or a pack", async ({ page, browser }) => {
  const payload = requestPayload(`Canary export ${Date.now()}`, {
    context: {
      env: `AWS_SECRET_ACCESS_KEY=${CANARIES.awsSecret}\nDB_PASSWORD=${CANARIES.dbPassword}`,
      token: CANARIES.githubToken,
      requester: CANARIES.privateEmail,
      export: `id,date_of_birth,sin\n1,${CANARIES.birthDate},${CANARIES.canadianSin}\n`,
    },
  });
  const created = await postRequest(payload);
  expect(created.status).toBe(201);
  const apiText = created.text + (await getRequest(created.body.id)).text;

  await signIn(page, "alice@example.com");
  // Newest first, so the request is on the first page however many others are pending.
  await page.goto("/queue?filter=all");
  await expect(page.getByRole("link", { name: payload.summary })).toBeVisible();
  let seen = await page.content();
  await page.goto(`/requests/${created.body.id}`);
  await expect(page.getByText(payload.summary).first()).toBeVisible();
  await page.waitForLoadState("networkidle");
  // Reviewers see why each value was hidden, not only that it was.
  await expect(page.locator("#masked-values")).toContainText("column date_of_birth");
  await expect(page.locator("#masked-values")).toContainText("column sin");
  seen += await page.content();

  const auditor = await browser.newPage();
  await signIn(auditor, "carol@example.com");
  await auditor.goto("/audit");
  await auditor.waitForLoadState("networkidle");
  seen += await auditor.content();
  const download = auditor.waitForEvent("download");
  await auditor.getByRole("button", { name: "Download evidence pack" }).click();
  const packText = Object.values(unzipSync(readFileSync(await (await download).path()))).map((bytes) => strFromU8(bytes)).join("\n");

  const dump = await dumpDatabase();
  const logs = readFileSync(E2E_LOG_FILE, "utf8");
  for (const [name, canary] of Object.entries(CANARIES)) {
    expect(seen, `${name} on a page`).not.toContain(canary);
    expect(apiText, `${name} in the API`).not.toContain(canary);
    expect(packText, `${name} in the pack`).not.toContain(canary);
    expect(dump, `${name} in the database`).not.toContain(canary);
    expect(logs, `${name} in the server's logs`).not.toContain(canary);
  }
  expect(seen).toMatch(/\[[a-z0-9_]+:[0-9a-f]{6}\]/);
});

test("carol downloads an evidence pack that the offline verifier accepts", async ({ page }) => {
  await postRequest(requestPayload(`Pack content ${Date.now()}`));
  await signIn(page, "carol@example.com");
  await expect(page).toHaveURL(/\/audit$/);
  await expect(page.getByText("Event chain verified", { exact: true })).toBeVisible();
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download evidence pack" }).click();
  const file = await (await download).path();
  // Against the sink too: the checkpoints published outside the database, newer than the pack by now.
  const output = execFileSync("npm", ["run", "cli", "--", "verify", file, "--trusted-checkpoint", path.join(E2E_DATA_DIR, "checkpoints")], { encoding: "utf8" });
  expect(output).toMatch(/ok +checkpoint signatures: [1-9]/);
  expect(output).toMatch(/ok +trusted checkpoint: /);
  expect(output).toContain("VERIFIED: every check passed.");
});

test("a refused download is explained on the page, not saved as a file", async ({ page }) => {
  await signIn(page, "carol@example.com");
  await expect(page).toHaveURL(/\/audit$/);
  await expect(page.getByRole("button", { name: "Download evidence pack" })).toBeEnabled();
  await page.context().clearCookies();
  let downloaded = false;
  page.on("download", () => (downloaded = true));
  await page.getByRole("button", { name: "Download evidence pack" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "The evidence pack was not downloaded" })).toContainText(/sign in/i);
  expect(downloaded).toBe(false);
});
