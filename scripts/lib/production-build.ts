import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
/** Everything `next build` reads: the folders and files the build stamp hashes (and an image must carry). */
export const BUILD_INPUTS = ["app", "components", "lib", "db", "public", "next.config.js", "proxy.ts", "instrumentation.ts", "package.json", "package-lock.json", "postcss.config.mjs", "tsconfig.json"];
const STAMP = path.join(".next", "countersign-build.sha256");

/** A content hash of everything `next build` reads, so a build is redone exactly when it is stale. */
function sourceHash(): string {
  const hash = createHash("sha256");
  const visit = (entry: string) => {
    if (!existsSync(entry)) return;
    if (statSync(entry).isDirectory()) {
      for (const name of readdirSync(entry).sort()) visit(path.join(entry, name));
    } else if (!/\.(test|int\.test)\.tsx?$/.test(entry)) {
      hash.update(entry).update("\0").update(readFileSync(entry)).update("\0");
    }
  };
  BUILD_INPUTS.forEach(visit);
  return hash.digest("hex");
}

export function ensureProductionBuild(log: (line: string) => void): void {
  const current = sourceHash();
  if (existsSync(STAMP) && readFileSync(STAMP, "utf8") === current) return;
  log("Building the console (first start or sources changed)…");
  const result = spawnSync(process.execPath, [require.resolve("next/dist/bin/next"), "build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error("next build failed");
  writeFileSync(STAMP, current);
}
