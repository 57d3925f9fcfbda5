import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { exportJWK, generateKeyPair } from "jose";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../../db/embedded-server";
import { runMigrations } from "../../db/migrate";

/**
 * A throwaway PostgreSQL for one bench phase: embedded on `port`, migrated, with what the verbs read
 * from the environment set for it (its URL, a fresh masking key and grant key, the agents' limits
 * lifted, as the bench measures the pipeline), and removed with its folder when `run` ends. `dir` is
 * that folder, for anything else the phase writes.
 */
export async function withBenchDatabase<T>(name: string, port: number, run: (pg: EmbeddedDatabase, dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `countersign-bench-${name}-`));
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, "pg"), port, password: "bench" });
  try {
    await runMigrations(pg.url);
    const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
    Object.assign(process.env, {
      DATABASE_URL: pg.url, APP_URL: "http://localhost:3000", MASKING_KEY: randomBytes(32).toString("hex"), SIGNING_KEY: JSON.stringify(await exportJWK(privateKey)),
      AGENT_RATE_LIMIT: "0", AGENT_MAX_PENDING: "0",
    });
    return await run(pg, dir);
  } finally {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
