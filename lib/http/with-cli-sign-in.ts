import "server-only";
import { wrapRoute, type RouteCall } from "./wrap-route";

const SIGN_IN = { kind: "system", id: "countersign" } as const;

/**
 * Wraps the routes a command line signs in through, before it has a session: the shared route
 * pipeline (request id, metrics, problem+json) with no caller to identify. What they hand out is
 * bound to the person only by the identity provider's device authorization grant.
 */
export function withCliSignIn(handler: (call: RouteCall<typeof SIGN_IN, never>) => Promise<Response>) {
  return wrapRoute<typeof SIGN_IN, never>(async () => SIGN_IN, (call) => handler(call));
}
