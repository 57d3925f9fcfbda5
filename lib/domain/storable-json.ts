/** NUL cannot be stored by PostgreSQL, and a lone surrogate is not Unicode: neither can be kept as sent. */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

/**
 * What no schema should have to think about: strings PostgreSQL would refuse (a 500 instead of a
 * clear 400), and `__proto__` keys, which JavaScript object handling silently drops, so the stored
 * and digested payload would differ from what was sent. Walks with an explicit stack: the value may
 * not have been depth-checked yet.
 */
export function findUnstorableJson(value: unknown, at: string[] = []): { path: string[]; message: string }[] {
  const found: { path: string[]; message: string }[] = [];
  const stack: [unknown, string[]][] = [[value, at]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [node, path] = top;
    if (typeof node === "string") {
      if (!isStorableText(node)) found.push({ path, message: "contains a NUL character or invalid Unicode" });
    } else if (node !== null && typeof node === "object") {
      const entries = Array.isArray(node) ? node.map((item, i) => [String(i), item] as const) : Object.entries(node);
      // Children go on the stack last first, so they are reported in document order.
      const children: [unknown, string[]][] = [];
      for (const [key, item] of entries) {
        if (!Array.isArray(node) && key === "__proto__") found.push({ path: [...path, key], message: "keys named __proto__ are not accepted" });
        else if (!isStorableText(key)) found.push({ path, message: "a key contains a NUL character or invalid Unicode" });
        else children.push([item, [...path, key]]);
      }
      stack.push(...children.reverse());
    }
  }
  return found;
}
