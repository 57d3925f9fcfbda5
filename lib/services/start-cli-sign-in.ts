import "server-only";
import { stepUpAuthorizationParams } from "@/lib/domain/step-up";
import { requestDeviceAuthorization, type DeviceAuthorization } from "./oidc-device-client";

const SCOPE = () => process.env.OIDC_SCOPES?.trim() || "openid email profile groups";

/**
 * Starts a command-line sign-in (`npm run cli -- login`) with the device authorization grant: the
 * provider hands out a device code (kept by the command line, redeemed through `finishCliSignIn`)
 * and a user code the person types at its verification page, in any browser. A step-up
 * (`maxAgeSeconds`) asks the provider for a sign-in at most that old, as the console's own does.
 */
export async function startCliSignIn(input: { maxAgeSeconds?: number; loginHint?: string }): Promise<DeviceAuthorization> {
  const stepUp = input.maxAgeSeconds === undefined ? {} : stepUpAuthorizationParams(input.maxAgeSeconds, input.loginHint ?? "");
  if ("login_hint" in stepUp && !stepUp.login_hint) delete stepUp.login_hint;
  return requestDeviceAuthorization({ scope: SCOPE(), ...stepUp });
}
