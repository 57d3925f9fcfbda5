import { execFile } from "node:child_process";
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readlinkSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { postgresServerBinaries } from "../../db/embedded-binaries";
import { freePort } from "./global-setup";

const run = promisify(execFile);
const require = createRequire(import.meta.url);

/**
 * A clone in a folder only its owner may enter (a clone in /root, or under `mktemp -d`): the embedded
 * database starts from there, keeps its data across starts, and leaves every folder's permissions as
 * they were. Run as root, this is the case where PostgreSQL's own user cannot reach the clone.
 * The clone is the minimum that starts the server: the db/embedded-* modules and the binaries package.
 */
const closed = mkdtempSync(path.join(os.tmpdir(), "countersign-closed-"));
const clone = path.join(closed, "clone");

afterAll(() => rmSync(closed, { recursive: true, force: true }));

async function startInClone(port: number, sql: string, temporary: boolean, folder = clone): Promise<string> {
  const script = `
    import postgres from ${JSON.stringify(require.resolve("postgres"))};
    import { startEmbeddedPostgres } from "./db/embedded-server.ts";
    const server = await startEmbeddedPostgres({ dir: ".data/postgres", port: ${port}, password: "closed folder", temporary: ${temporary} });
    try {
      const sql = postgres(server.url, { max: 1, onnotice: () => {} });
      const rows = await sql.unsafe(${JSON.stringify(sql)});
      await sql.end();
      console.log(JSON.stringify(rows));
    } finally {
      await server.stop();
    }`;
  writeFileSync(path.join(folder, "start.mts"), script);
  const { stdout } = await run(process.execPath, [require.resolve("tsx/cli"), "start.mts"], { cwd: folder });
  return stdout.trim().split("\n").pop()!;
}

describe("the embedded database in a clone closed to everyone but its owner", () => {
  it("starts, keeps its data across starts, and changes no folder's permissions", async () => {
    const binaries = await postgresServerBinaries();
    const packageDir = path.dirname(binaries.root);
    mkdirSync(path.join(clone, "db"), { recursive: true });
    for (const file of ["embedded-server.ts", "embedded-binaries.ts", "embedded-root.ts"]) {
      cpSync(path.join(import.meta.dirname, "../../db", file), path.join(clone, "db", file));
    }
    cpSync(packageDir, path.join(clone, "node_modules", path.relative(path.resolve("node_modules"), packageDir)), { recursive: true, verbatimSymlinks: true });
    writeFileSync(path.join(clone, "package.json"), JSON.stringify({ type: "module" }));
    const before = [closed, clone].map((dir) => statSync(dir).mode);
    expect(before[0]! & 0o777).toBe(0o700);

    const port = await freePort();
    expect(await startInClone(port, "create table kept (word text); insert into kept values ('still here')", false)).toBe("[]");
    expect(JSON.parse(await startInClone(port, "select word from kept", false))).toEqual([{ word: "still here" }]);
    expect([closed, clone].map((dir) => statSync(dir).mode)).toEqual(before);

    // Deleting the data folder starts afresh, wherever the server keeps its files.
    rmSync(path.join(clone, ".data"), { recursive: true });
    expect(JSON.parse(await startInClone(port, "select to_regclass('kept') as kept", true))).toEqual([{ kept: null }]);
    // A temporary server takes its data with it.
    expect(() => lstatSync(path.join(clone, ".data", "postgres"))).toThrow();
  });

  it("removes, at the next start anywhere, the cluster of a data folder that was deleted with its clone", async () => {
    if (process.getuid?.() !== 0) return; // only root keeps clusters outside the data folder
    const port = await freePort();
    await startInClone(port, "select 1", false);
    const cluster = readlinkSync(path.join(clone, ".data", "postgres"));
    expect(existsSync(cluster)).toBe(true);
    // The whole clone goes, as a finished CI run's or a `mktemp -d` folder's does; a start from
    // another folder (here the same files, moved without their data) finds the cluster abandoned.
    const other = path.join(closed, "other");
    renameSync(clone, other);
    rmSync(path.join(other, ".data"), { recursive: true });
    await startInClone(port, "select 1", true, other);
    expect(existsSync(cluster)).toBe(false);
    renameSync(other, clone);
  });
});
