import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { exportJWK, generateKeyPair } from "jose";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../../db/embedded-server";
import { ensureLoginRole } from "../../db/login-roles";
import { runMigrations } from "../../db/migrate";

export const TEMPLATE_DATABASE = "countersign_template";

declare module "vitest" {
  export interface ProvidedContext {
    postgresAdminUrl: string;
    postgresAppUrl: string;
    postgresSealerUrl: string;
    postgresReaderUrl: string;
    signingKey: string;
  }
}

/**
 * One real PostgreSQL per test run (TEST_DATABASE_URL, else embedded in a temp folder), migrated once
 * into a template database; every test file then clones its own database from it, so files run in
 * parallel without seeing each other's rows.
 */
export default async function setup(project: TestProject) {
  let adminUrl = process.env.TEST_DATABASE_URL;
  let stop = async () => {};
  let dir: string | undefined;
  if (!adminUrl) {
    dir = mkdtempSync(path.join(os.tmpdir(), "countersign-int-"));
    const server = await startEmbeddedPostgres({ dir: path.join(dir, "pg"), port: await freePort(), password: "countersign-test", temporary: true });
    adminUrl = server.url;
    stop = server.stop;
  }
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE}`);
  await admin.unsafe(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.end();
  await runMigrations(withDatabase(adminUrl, TEMPLATE_DATABASE));
  // Roles are cluster-wide: one login each for every test database, as npm start makes for its own.
  const templateUrl = withDatabase(adminUrl, TEMPLATE_DATABASE);
  const appUrl = await ensureLoginRole(templateUrl, "app", "countersign-app-test");
  const sealerUrl = await ensureLoginRole(templateUrl, "sealer", "countersign-sealer-test");
  const readerUrl = await ensureLoginRole(templateUrl, "reader", "countersign-reader-test");

  const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  project.provide("postgresAdminUrl", adminUrl);
  project.provide("postgresAppUrl", appUrl);
  project.provide("postgresSealerUrl", sealerUrl);
  project.provide("postgresReaderUrl", readerUrl);
  project.provide("signingKey", JSON.stringify(await exportJWK(privateKey)));
  return async () => {
    await stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
