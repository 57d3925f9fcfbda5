import type { z } from "zod";
import { jsonTextDepth, MAX_JSON_DEPTH } from "@/lib/domain/json-depth";
import { ServiceError } from "@/lib/services/errors";
import { MAX_BODY_BYTES, PayloadTooLargeError } from "./body-limit";
import { fieldPath } from "./field-path";
import { zodFieldErrors, type FieldError } from "./problem";

/** Reads and validates a JSON body, refusing oversize, too deeply nested, non-JSON and invalid bodies with specific errors. */
export async function readJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new ServiceError("VALIDATION", "Send the body as JSON with Content-Type: application/json.");
  }
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) throw new PayloadTooLargeError();
  const text = await readCapped(request);
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
  const unacceptable = findUnacceptableJson(json);
  if (unacceptable.length) throw new ServiceError("VALIDATION", "The request body has invalid fields.", unacceptable);
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ServiceError("VALIDATION", "The request body has invalid fields.", zodFieldErrors(parsed.error));
  return parsed.data;
}

/** NUL cannot be stored by PostgreSQL, and a lone surrogate is not Unicode: neither can be kept as sent. */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * What no schema should have to think about: strings PostgreSQL would refuse (a 500 instead of a
 * clear 400), and `__proto__` keys, which JavaScript object handling silently drops, so the stored
 * and digested payload would differ from what was sent.
 */
function findUnacceptableJson(value: unknown): FieldError[] {
  const found: { path: string[]; message: string }[] = [];
  const visit = (node: unknown, path: string[]) => {
    if (typeof node === "string") {
      if (UNSTORABLE.test(node)) found.push({ path, message: "contains a NUL character or invalid Unicode" });
    } else if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, [...path, String(i)]));
    } else if (node !== null && typeof node === "object") {
      for (const [key, item] of Object.entries(node)) {
        if (key === "__proto__") found.push({ path: [...path, key], message: "keys named __proto__ are not accepted" });
        else if (UNSTORABLE.test(key)) found.push({ path, message: "a key contains a NUL character or invalid Unicode" });
        else visit(item, [...path, key]);
      }
    }
  };
  visit(value, []);
  return found.map(({ path, message }) => ({ path: fieldPath(path), message }));
}

/** Reads the body, stopping as soon as it passes the limit, so an endless body cannot fill memory. */
async function readCapped(request: Request): Promise<string> {
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
