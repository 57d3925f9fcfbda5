import type { z } from "zod";
import { ServiceError } from "@/lib/services/errors";
import { zodFieldErrors } from "./problem";

export const MAX_BODY_BYTES = 1024 * 1024;

/** Reads and validates a JSON body, refusing oversize, non-JSON and invalid bodies with specific errors. */
export async function readJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new ServiceError("VALIDATION", "Send the body as JSON with Content-Type: application/json.");
  }
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) {
    throw new ServiceError("VALIDATION", `The body is larger than ${MAX_BODY_BYTES / 1024} KiB.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ServiceError("VALIDATION", "The body is not valid JSON.");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ServiceError("VALIDATION", "The request body has invalid fields.", zodFieldErrors(parsed.error));
  return parsed.data;
}
