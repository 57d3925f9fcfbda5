import { expect, type Page } from "@playwright/test";

/** Signs in through the real OIDC code flow against the development identity provider (of `baseUrl`, else the shared instance). */
export async function signIn(page: Page, email: string, baseUrl = ""): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByRole("button", { name: "Sign in with SSO" }).click();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/(queue|audit)$/);
}
