/**
 * Calls `fn` for each match of a global `re`, reusing the regex object: `String#matchAll` clones
 * the regex on every call, which dominates the cost of masking the many short strings of a JSON
 * value. `fn` may run detectors that use other regexes, but must restore `re.lastIndex` if it
 * re-enters this same regex (nested decoding does).
 */
export function forEachMatch(re: RegExp, text: string, fn: (m: RegExpExecArray) => void): void {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    fn(m);
    if (m[0].length === 0) re.lastIndex++;
  }
}

/**
 * Capture group `i` of `m`, for a group that takes part in every match of its regex (it is not inside
 * a `?`, `*` or an alternative). Such a group is never undefined: the throw can only mean the regex was
 * edited without its callers, and masking then fails closed instead of reading `undefined`.
 */
export function requiredGroup(m: RegExpMatchArray, i: number): string {
  const value = m[i];
  if (value === undefined) throw new Error(`capture group ${i} did not take part in the match`);
  return value;
}

/** Where `requiredGroup(m, i)` is in the text (the regex has the `d` flag). */
export function requiredGroupSpan(m: RegExpMatchArray, i: number): [number, number] {
  const span = m.indices?.[i];
  if (span === undefined) throw new Error(`capture group ${i} has no indices (no "d" flag, or it did not take part)`);
  return span;
}
