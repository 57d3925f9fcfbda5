import path from "node:path";

/**
 * The e2e run's ports, beside any `npm start` on 3000/54329. E2E_PORT (and E2E_PG_PORT) move them,
 * so two checkouts on one machine can run their end-to-end tiers at once.
 */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
/** The dev identity provider takes E2E_PORT + 1. */
export const E2E_PG_PORT = Number(process.env.E2E_PG_PORT ?? 54339);
/** The Slack stand-in `npm start` runs in demo mode, on PORT + 10. */
export const E2E_SLACK_URL = `http://localhost:${E2E_PORT + 10}`;
/** The Teams stand-in, on PORT + 11. */
export const E2E_TEAMS_URL = `http://localhost:${E2E_PORT + 11}`;
/** Exactly the AUTH_URL host: sign-in state cookies are bound to it. */
export const E2E_URL = `http://localhost:${E2E_PORT}`;
export const E2E_DATA_DIR = path.resolve(".test-data/e2e");
/** Everything the console and worker print during the run, searched for leaked secrets. */
export const E2E_LOG_FILE = path.join(E2E_DATA_DIR, "server.log");
/** The console's METRICS_TOKEN in the e2e run, so /metrics can be scraped as Prometheus would. */
export const E2E_METRICS_TOKEN = "e2e-metrics-token-0123456789";
