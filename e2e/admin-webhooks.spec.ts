import { createPublicKey, verify } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { postRequest, requestPayload } from "./support/agent";
import { E2E_URL } from "./support/environment";
import { signIn } from "./support/sign-in";
import { waitFor } from "./support/wait-for";

test("dave adds a webhook in /admin/webhooks; a request the demo agent posts reaches a local receiver, signed v1a with the key the page shows", async ({ page }) => {
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/countersign`;
  try {
    await signIn(page, "dave@example.com");
    await page.goto("/admin/webhooks");
    await expect(page.getByRole("link", { name: "Webhooks" })).toHaveAttribute("aria-current", "page");
    const publicKey = ((await page.getByLabel("Webhook public key", { exact: true }).textContent()) ?? "").trim();
    expect(publicKey).toMatch(/^whpk_[A-Za-z0-9+/]{43}=$/);
    await page.getByLabel("URL", { exact: true }).fill(url);
    await page.getByLabel("Events", { exact: true }).fill("request.created");
    await page.getByRole("button", { name: "Add webhook" }).click();
    await expect(page.getByText(url, { exact: true })).toBeVisible();

    const summary = `Webhook e2e ${Date.now()}`;
    const created = await postRequest(requestPayload(summary));
    expect(created.status).toBe(201);
    await waitFor(async () => received.some((r) => r.body.includes(created.body.id)), 20_000, "the webhook was not delivered");

    const delivery = received.find((r) => r.body.includes(created.body.id))!;
    const body = JSON.parse(delivery.body) as { type: string; data: { streamId: string; data: { summary: string } } };
    expect(body).toMatchObject({ type: "request.created", data: { streamId: created.body.id, data: { summary } } });
    // The receiver's own check, from the page's whpk_ key: Standard Webhooks v1a over id.timestamp.body.
    const raw = Buffer.from(publicKey.slice("whpk_".length), "base64");
    const key = createPublicKey({ key: Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), raw]), format: "der", type: "spki" });
    const signed = Buffer.from(`${String(delivery.headers["webhook-id"])}.${String(delivery.headers["webhook-timestamp"])}.${delivery.body}`);
    const signature = String(delivery.headers["webhook-signature"]);
    expect(signature).toMatch(/^v1a,/);
    expect(verify(null, signed, key, Buffer.from(signature.slice(4), "base64"))).toBe(true);

    const row = page.getByRole("listitem").filter({ hasText: url });
    await row.getByRole("button", { name: "Deliveries" }).click();
    await expect(row.getByRole("list", { name: "Deliveries" })).toContainText("delivered");
    await row.getByRole("button", { name: `Remove webhook ${url}` }).click();
    await expect(page.getByText(url, { exact: true })).toHaveCount(0);
  } finally {
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  }
});

test("webhooks are for administrators only: the page, and the console API behind it", async ({ page }) => {
  await signIn(page, "alice@example.com");
  await page.goto("/admin/webhooks");
  await expect(page.getByRole("heading", { name: "You don't have access" })).toBeVisible();
  const listed = await page.request.get("/api/console/admin/webhooks");
  expect(listed.status()).toBe(403);
  expect(listed.headers()["content-type"]).toContain("application/problem+json");
  const added = await page.request.post("/api/console/admin/webhooks", {
    headers: { origin: E2E_URL, "content-type": "application/json" },
    data: { url: "http://127.0.0.1:9/x" },
  });
  expect(added.status()).toBe(403);
});
