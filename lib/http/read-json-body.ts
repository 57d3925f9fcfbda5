import type { z } from "zod";
import { jsonTextDepth, MAX_JSON_DEPTH } from "@/lib/domain/json-depth";
import { findUnstorableJson } from "@/lib/domain/storable-json";
import { ServiceError } from "@/lib/services/errors";
import { MAX_BODY_BYTES, PayloadTooLargeError } from "./body-limit";
import { fieldPath } from "@/lib/services/field-path";
import { zodFieldErrors } from "./problem";

/** Reads and validates a JSON body, refusing oversize, too deeply nested, non-JSON and invalid bodies with specific errors. */
export async function readJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new ServiceError("VALIDATION", "Send the body as JSON with Content-Type: application/json.");
  }
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) throw new PayloadTooLargeError();
  const text = await readBodyText(request);
  // Counted on the text, before anything recursive (zod's z.json(), the checks below, masking) sees it.
  if (jsonTextDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new ServiceError("VALIDATION", `The body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep; ${MAX_JSON_DEPTH} is the limit.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ServiceError("VALIDATION", "The body is not valid JSON.");
  }
  const unacceptable = findUnstorableJson(json);
  if (unacceptable.length) {
    throw new ServiceError("VALIDATION", "The request body has invalid fields.", unacceptable.map(({ path, message }) => ({ path: fieldPath(path), message })));
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ServiceError("VALIDATION", "The request body has invalid fields.", zodFieldErrors(parsed.error));
  return parsed.data;
}

/** Reads the body as text, stopping as soon as it passes the limit, so an endless body cannot fill memory. */
export async function readBodyText(request: Request): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new PayloadTooLargeError();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
