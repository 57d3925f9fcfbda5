import "server-only";
import { existsSync } from "node:fs";

/**
 * report.pdf, rendered from report.html by the installed Chromium (`CHROMIUM_PATH`, else
 * /usr/bin/chromium) through playwright-core, or null when there is no Chromium, playwright-core is not
 * installed, or rendering fails: the pack then carries report.html alone (the manifest says so). A PDF
 * is not byte-reproducible, so it is hashed and signed like any file but not re-derived by verify;
 * report.html, which it renders, is.
 */
export async function renderReportPdf(html: string): Promise<Uint8Array | null> {
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(executablePath)) return null;
  const playwright = await import("playwright-core").catch(() => null);
  if (!playwright) return null;
  try {
    const browser = await playwright.chromium.launch({
      executablePath,
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    try {
      const page = await browser.newPage();
      // Self-contained HTML: nothing to fetch, so "load" is the whole page.
      await page.setContent(html, { waitUntil: "load" });
      return await page.pdf({ format: "A4", printBackground: true, margin: { top: "12mm", bottom: "12mm", left: "10mm", right: "10mm" } });
    } finally {
      await browser.close();
    }
  } catch {
    return null;
  }
}
