import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";
import { E2E_DATA_DIR, E2E_LOG_FILE, E2E_METRICS_TOKEN, E2E_PG_PORT, E2E_PORT, E2E_URL } from "./e2e/support/environment";

/** Debian's Chromium where present: Playwright's own browser download cannot work on every machine. */
const chromium = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: E2E_URL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  // The real `npm start` path: production build, embedded PostgreSQL, dev identity provider, worker.
  webServer: {
    command: `rm -rf ${E2E_DATA_DIR} && mkdir -p ${E2E_DATA_DIR} && npx tsx --conditions=react-server scripts/start.ts`,
    url: `${E2E_URL}/api/health`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    env: {
      PORT: String(E2E_PORT),
      DEV_IDP_PORT: String(E2E_PORT + 1),
      EMBEDDED_PG_PORT: String(E2E_PG_PORT),
      COUNTERSIGN_DATA_DIR: E2E_DATA_DIR,
      COUNTERSIGN_LOG_FILE: E2E_LOG_FILE,
      METRICS_TOKEN: E2E_METRICS_TOKEN,
    },
  },
});
