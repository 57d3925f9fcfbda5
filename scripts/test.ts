/**
 * `npm test`: every tier in order (lint and types, unit, integration, end-to-end), stopping at nothing so one run
 * reports everything, and closing with one "N passed, N failed" line. Exits non-zero on any failure.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const out = mkdtempSync(path.join(os.tmpdir(), "countersign-test-"));
const tiers: { name: string; passed: number; failed: number; exitCode: number }[] = [];

function run(name: string, command: string, args: string[], env: Record<string, string>, count: (report: any) => { passed: number; failed: number }, reportFile: string) {
  console.log(`\n=== ${name} ===`);
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  let counts = { passed: 0, failed: 0 };
  try {
    counts = count(JSON.parse(readFileSync(reportFile, "utf8")));
  } catch {
    // no report: the runner itself failed to start; the exit code below says so
  }
  const exitCode = result.status ?? 1;
  // A runner that failed without reporting a failing test still fails the run.
  tiers.push({ name, ...counts, failed: counts.failed || (exitCode !== 0 ? 1 : 0), exitCode });
}

// Static checks first: the architecture's import rules (ESLint) and the types, each counted as one test.
for (const [name, command, args] of [
  ["lint", "npx", ["eslint", ".", "--max-warnings", "0"]],
  ["typecheck", "npx", ["tsc", "--noEmit"]],
] as const) {
  console.log(`\n=== ${name} ===`);
  const exitCode = spawnSync(command, [...args], { stdio: "inherit" }).status ?? 1;
  tiers.push({ name, passed: exitCode === 0 ? 1 : 0, failed: exitCode === 0 ? 0 : 1, exitCode });
}

const vitestCount = (r: any) => ({ passed: r.numPassedTests ?? 0, failed: r.numFailedTests ?? 0 });
for (const project of ["unit", "integration"]) {
  const file = path.join(out, `${project}.json`);
  run(project, "npx", ["vitest", "run", "--project", project, "--reporter=default", "--reporter=json", `--outputFile.json=${file}`], {}, vitestCount, file);
}
const e2eFile = path.join(out, "e2e.json");
// The console's build skips its own type check only when the typecheck tier above passed.
const typesChecked: Record<string, string> = tiers.find((t) => t.name === "typecheck")?.exitCode === 0 ? { COUNTERSIGN_TYPES_CHECKED: "1" } : {};
run("end-to-end", "npx", ["playwright", "test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: e2eFile, ...typesChecked }, (r) => ({ passed: (r.stats?.expected ?? 0) + (r.stats?.flaky ?? 0), failed: r.stats?.unexpected ?? 0 }), e2eFile);

console.log("\n=== summary ===");
for (const t of tiers) console.log(`${t.name.padEnd(12)} ${t.passed} passed, ${t.failed} failed${t.exitCode ? ` (exit ${t.exitCode})` : ""}`);
const passed = tiers.reduce((n, t) => n + t.passed, 0);
const failed = tiers.reduce((n, t) => n + t.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || tiers.some((t) => t.exitCode !== 0) ? 1 : 0);
