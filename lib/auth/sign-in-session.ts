import { AsyncLocalStorage } from "node:async_hooks";
import type { NextRequest } from "next/server";

/**
 * The console sessions around one Auth.js request. Auth.js tells its `signIn` callback and event who
 * signs in, with which ID token, but not which console session they come from or end in:
 * - the session the browser already holds (its cookie), so that a sign-in while signed in (a
 *   step-up) can be refused when it is someone else's: Auth.js would link that person's IdP account
 *   to the signed-in one;
 * - the session the sign-in ends in: a first sign-in creates one, a step-up keeps the one it came
 *   with. The adapter notes every session it creates or finds while serving the request, and the last
 *   one is the one Auth.js puts in the cookie.
 * One store per process (Symbol.for), as Next.js may bundle the route and the adapter apart.
 */
type Scope = { presentedToken?: string; tokenInUse?: string };

const key = Symbol.for("countersign.sign-in-session");
const global = globalThis as unknown as Record<symbol, AsyncLocalStorage<Scope> | undefined>;
const storage = (global[key] ??= new AsyncLocalStorage<Scope>());

/** Auth.js's session cookie, `__Secure-` prefixed on HTTPS. */
const SESSION_COOKIE = /^(__Secure-)?authjs\.session-token$/;

/** Serves one Auth.js request with its own note of the sessions involved. */
export function withSignInSession<Result>(handler: (request: NextRequest) => Promise<Result>) {
  return (request: NextRequest): Promise<Result> => {
    const presentedToken = request.cookies.getAll().find((cookie) => SESSION_COOKIE.test(cookie.name))?.value || undefined;
    return storage.run({ presentedToken }, () => handler(request));
  };
}

/** The session token the browser presented with this Auth.js request, if any. */
export function presentedSessionToken(): string | undefined {
  return storage.getStore()?.presentedToken;
}

/** Called by the adapter for each session it creates or finds; outside an Auth.js route, a no-op. */
export function noteSessionInUse(sessionToken: string): void {
  const scope = storage.getStore();
  if (scope) scope.tokenInUse = sessionToken;
}

/** The session the sign-in being served ends in, if any was noted. */
export function sessionInUse(): string | undefined {
  return storage.getStore()?.tokenInUse;
}
