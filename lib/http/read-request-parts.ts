import type { z } from "zod";
import { ServiceError } from "@/lib/services/errors";
import { fieldPath } from "@/lib/services/field-path";
import { zodFieldErrors } from "./problem";

/**
 * A URL's query parameters, validated by `schema` (an object schema; blank values count as absent).
 * Bad ones are a 400 naming each parameter, like a bad body field.
 */
export function readQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  const params = Object.fromEntries([...new URL(request.url).searchParams].filter(([, value]) => value !== ""));
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new ServiceError("VALIDATION", "The query has invalid parameters.", zodFieldErrors(parsed.error));
  return parsed.data;
}

/** One request header, validated by `schema` (absent is `undefined`); a bad one is a 400 naming it. */
export function readHeader<S extends z.ZodType>(request: Request, name: string, schema: S): z.output<S> {
  const parsed = schema.safeParse(request.headers.get(name) ?? undefined);
  if (!parsed.success) {
    throw new ServiceError("VALIDATION", `The ${name} header is missing or invalid.`, [{ path: fieldPath([name]), message: parsed.error.issues[0]?.message ?? "Invalid value." }]);
  }
  return parsed.data;
}
