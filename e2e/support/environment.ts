import path from "node:path";

export const E2E_PORT = 3210;
/** Exactly the AUTH_URL host: sign-in state cookies are bound to it. */
export const E2E_URL = `http://localhost:${E2E_PORT}`;
export const E2E_DATA_DIR = path.resolve(".test-data/e2e");
/** Everything the console and worker print during the run, searched for leaked secrets. */
export const E2E_LOG_FILE = path.join(E2E_DATA_DIR, "server.log");
