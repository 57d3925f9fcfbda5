import "server-only";
import { getMasker } from "./masker";

export type MaskName = (name: string) => string;

const maskWithConfiguredKey: MaskName = (name) => getMasker().maskText(name).text;

/**
 * A field's path as error responses name it (`context.env.0`, `(body)` for the whole body). Each key
 * is masked like any text a person will see: agents send free-form JSON, and a key can itself be a
 * pasted secret that an error must not echo.
 */
export function fieldPath(path: readonly PropertyKey[], maskName: MaskName = maskWithConfiguredKey): string {
  return path.map((segment) => (typeof segment === "string" ? maskName(segment) : String(segment))).join(".") || "(body)";
}
