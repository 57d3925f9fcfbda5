import { stepUpMaxAgeSeconds } from "../../lib/domain/step-up";
import { forgetCredentials, readCredentials, writeCredentials, type CliCredentials } from "./cli-credentials";

/**
 * The approver's command line talks to the console over its HTTP API, as the browser does: every
 * check (session, canDecide, step-up, freeze) is the server's. COUNTERSIGN_URL names the console
 * (default APP_URL, else http://localhost:3000).
 */
export function consoleUrl(): string {
  return (process.env.COUNTERSIGN_URL || process.env.APP_URL || `http://localhost:${process.env.PORT || 3000}`).replace(/\/$/, "");
}

/** A problem+json answer, told to the person as the server worded it. */
export class ConsoleProblem extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    detail: string,
  ) {
    super(detail);
    this.name = "ConsoleProblem";
  }
}

const STEP_UP_TYPE = "urn:countersign:problem:step-up-required";
const UNAUTHENTICATED_TYPE = "urn:countersign:problem:unauthenticated";

async function call(path: string, init: { method?: string; body?: unknown; token?: string } = {}): Promise<Response> {
  const response = await fetch(`${consoleUrl()}${path}`, {
    method: init.method ?? "GET",
    headers: {
      accept: "application/json",
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (response.ok) return response;
  const problem = (await response.json().catch(() => ({}))) as { type?: string; detail?: string; requestId?: string };
  const detail = `${problem.detail ?? `The console answered ${response.status}.`}${problem.requestId ? ` (request id ${problem.requestId})` : ""}`;
  throw new ConsoleProblem(response.status, problem.type ?? "", detail);
}

type DeviceAuthorization = { deviceCode: string; userCode: string; verificationUri: string; verificationUriComplete: string | null; expiresIn: number; interval: number };
type SignIn = { status: "pending"; slowDown: boolean } | { status: "signed-in"; token: string; email: string; expiresAt: string };

/**
 * Signs in with the device authorization grant: prints where to go and the code to type (on
 * standard error, so standard output keeps the command's result), polls at the interval the
 * identity provider asks for, and stores the session. `maxAgeSeconds` asks for a sign-in at most
 * that old (a step-up); `loginHint` names who is expected.
 */
export async function signIn(options: { maxAgeSeconds?: number; loginHint?: string } = {}): Promise<CliCredentials> {
  const previous = readCredentials(consoleUrl());
  const body = { ...options, loginHint: options.loginHint ?? previous?.email };
  const started = (await (await call("/api/console/cli-sessions/device-authorizations", { method: "POST", body })).json()) as DeviceAuthorization;
  process.stderr.write(
    `To sign in to ${consoleUrl()}, open ${started.verificationUri} and enter the code ${started.userCode}\n` +
      (started.verificationUriComplete ? `(or open ${started.verificationUriComplete})\n` : "") +
      "Waiting for you to sign in…\n",
  );
  let interval = Math.max(1, started.interval);
  const deadline = Date.now() + started.expiresIn * 1000;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, interval * 1000));
    const result = (await (await call("/api/console/cli-sessions", { method: "POST", body: { deviceCode: started.deviceCode } })).json()) as SignIn;
    if (result.status === "signed-in") {
      const credentials = { consoleUrl: consoleUrl(), token: result.token, email: result.email, expiresAt: result.expiresAt };
      writeCredentials(credentials);
      // One session per command line: the one this sign-in replaces (a step-up's) is ended, not left to expire.
      if (previous) await call("/api/console/cli-sessions/sign-out", { method: "POST", token: previous.token }).catch(() => undefined);
      return credentials;
    }
    // RFC 8628 §3.5: slow_down adds five seconds to every later poll.
    if (result.slowDown) interval += 5;
  }
  throw new ConsoleProblem(401, UNAUTHENTICATED_TYPE, "The sign-in code expired before it was used; run the command again.");
}

/** Ends the stored session on the server, then forgets it here. */
export async function signOut(): Promise<string | null> {
  const credentials = readCredentials(consoleUrl());
  if (credentials) {
    try {
      await call("/api/console/cli-sessions/sign-out", { method: "POST", token: credentials.token });
    } catch (error) {
      // Already expired or ended on the server: forgetting it here is all that is left to do.
      if (!(error instanceof ConsoleProblem && error.status === 401)) throw error;
    }
  }
  forgetCredentials();
  return credentials?.email ?? null;
}

/**
 * A call as the signed-in person; signs in first when no session is stored for this console. A 401
 * (the session expired, was ended, or the credential is not one) forgets the stored session and says
 * to sign in again; a step-up refusal says with which `max_age`.
 */
export async function asSignedIn<T>(path: string, init: { method?: string; body?: unknown } = {}, stepUpMinutes?: () => Promise<number | null>): Promise<T> {
  const credentials = readCredentials(consoleUrl()) ?? (await signIn());
  try {
    return (await (await call(path, { ...init, token: credentials.token })).json()) as T;
  } catch (error) {
    if (!(error instanceof ConsoleProblem)) throw error;
    if (error.type === UNAUTHENTICATED_TYPE) {
      forgetCredentials();
      throw new ConsoleProblem(error.status, error.type, `${error.message}\nSign in again: npm run cli -- login`);
    }
    if (error.type === STEP_UP_TYPE) {
      const minutes = (await stepUpMinutes?.().catch(() => null)) ?? null;
      const maxAge = minutes ? stepUpMaxAgeSeconds(minutes) : 0;
      throw new ConsoleProblem(error.status, error.type, `${error.message}\nSign in again, then repeat the command: npm run cli -- login --max-age ${maxAge}`);
    }
    throw error;
  }
}
