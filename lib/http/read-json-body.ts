import type { z } from "zod";
import { ServiceError } from "@/lib/services/errors";
import { MAX_BODY_BYTES, PayloadTooLargeError } from "./body-limit";
import { zodFieldErrors, type FieldError } from "./problem";

/** Reads and validates a JSON body, refusing oversize, non-JSON and invalid bodies with specific errors. */
export async function readJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new ServiceError("VALIDATION", "Send the body as JSON with Content-Type: application/json.");
  }
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) throw new PayloadTooLargeError();
  const text = await readCapped(request);
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
export function findUnacceptableJson(value: unknown, path: string[] = []): FieldError[] {
  const at = path.join(".") || "(body)";
  if (typeof value === "string") return UNSTORABLE.test(value) ? [{ path: at, message: "contains a NUL character or invalid Unicode" }] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => findUnacceptableJson(item, [...path, String(i)]));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, item]) => {
    if (key === "__proto__") return [{ path: [...path, key].join("."), message: "keys named __proto__ are not accepted" }];
    if (UNSTORABLE.test(key)) return [{ path: at, message: "a key contains a NUL character or invalid Unicode" }];
    return findUnacceptableJson(item, [...path, key]);
  });
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
