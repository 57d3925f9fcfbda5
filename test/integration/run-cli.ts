import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export type CliResult = { code: number; stdout: string; stderr: string };

/** What package.json's `cli` script runs, started without npm: npm's own start-up costs a second a call. */
const CLI = ["--import", "tsx", "--conditions=react-server", path.resolve(import.meta.dirname, "../../scripts/cli.ts")];

/**
 * The operator's command line, `npm run cli -- …`, as a process of its own. `throughNpm` starts it
 * through npm exactly as typed (npm then prints its banner on stdout first, so machine-readable output
 * is the last line); otherwise the script runs directly. `input` is written to its standard input;
 * `onStderr` sees standard error as it is written (a sign-in prompt the test must act on).
 */
export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string; throughNpm?: boolean; onStderr?: (text: string) => void } = {}): Promise<CliResult> {
  const env = options.env ?? process.env;
  const child = options.throughNpm ? run("npm", ["run", "cli", "--", ...args], { env }) : run(process.execPath, [...CLI, ...args], { env });
  if (options.input !== undefined) child.child.stdin?.end(options.input);
  if (options.onStderr) child.child.stderr?.on("data", (chunk: Buffer) => options.onStderr!(chunk.toString("utf8")));
  return child.then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}
