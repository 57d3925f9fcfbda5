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
