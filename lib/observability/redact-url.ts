/**
 * A URL or request target with every query value replaced by `…`, names kept: `?code=…&state=…`.
 * Query strings carry credentials (the OpenID Connect callback's authorization code), so a trace
 * keeps their shape and never their content.
 */
export function redactQueryValues(target: string): string {
  const at = target.indexOf("?");
  if (at === -1) return target;
  const names = target
    .slice(at + 1)
    .split("&")
    .filter(Boolean)
    .map((pair) => `${pair.split("=")[0]}=…`);
  return `${target.slice(0, at)}?${names.join("&")}`;
}
