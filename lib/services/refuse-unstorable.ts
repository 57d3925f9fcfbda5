import "server-only";
import { findUnstorableJson } from "@/lib/domain/storable-json";
import { ServiceError } from "./errors";
import { fieldPath } from "./field-path";

/**
 * Refuses input PostgreSQL cannot store as sent (NUL, lone surrogates, `__proto__` keys) with a clear
 * VALIDATION naming each field, whichever path (API, console, CLI, chat) brought it; `lib/http` checks
 * the same at the door, but this is the check that holds.
 */
export function refuseUnstorable(fields: Record<string, unknown>, message = "The request is not valid."): void {
  const found = Object.entries(fields).flatMap(([name, value]) => findUnstorableJson(value, [name]));
  if (found.length) throw new ServiceError("VALIDATION", message, found.map(({ path, message }) => ({ path: fieldPath(path), message })));
}
