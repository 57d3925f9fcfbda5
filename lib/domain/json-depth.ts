/**
 * How deeply objects and arrays may nest in JSON that Countersign accepts (a whole request body at
 * the door; each of parameters, context and change in the verb). Real payloads (Terraform plans,
 * Kubernetes manifests) stay well under it, and every recursive walk behind the door (masking,
 * canonical JSON, JSON.stringify, rendering) has a stack that is far deeper, whatever Node's stack
 * size on the day. Beyond a few thousand levels those walks overflow, so the limit is what keeps a
 * 4 KB body from being a 500.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * The nesting depth of a JSON text (a scalar is 0, `[]` is 1, `[[]]` is 2), found in one pass over its
 * characters with no recursion and no parse. Stops at the first level past `limit`, so a hostile text
 * costs no more than its length. Brackets inside strings do not count; invalid JSON is left to the parser.
 */
export function jsonTextDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: the next character is escaped, a quote included
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > deepest && (deepest = depth) > limit) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/** The nesting depth of a parsed value, measured with an explicit stack (no recursion); stops past `limit`. */
export function jsonValueDepth(value: unknown, limit = Number.POSITIVE_INFINITY): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [node, depth] = top;
    if (node === null || typeof node !== "object") continue;
    if (depth + 1 > deepest && (deepest = depth + 1) > limit) return deepest;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
    }
  }
  return deepest;
}

