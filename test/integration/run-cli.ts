import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export type CliResult = { code: number; stdout: string; stderr: string };

/**
 * `npm run cli -- …` as an operator types it. Without `silent`, npm prints its banner on stdout
 * first, so machine-readable output is the last line; `input` is written to its standard input;
 * `onStderr` sees standard error as it is written (a sign-in prompt the test must act on).
 */
export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string; silent?: boolean; onStderr?: (text: string) => void } = {}): Promise<CliResult> {
  const child = run("npm", ["run", ...(options.silent ? ["--silent"] : []), "cli", "--", ...args], { env: options.env ?? process.env });
  if (options.input !== undefined) child.child.stdin?.end(options.input);
  if (options.onStderr) child.child.stderr?.on("data", (chunk: Buffer) => options.onStderr!(chunk.toString("utf8")));
  return child.then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}
