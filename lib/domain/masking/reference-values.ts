import { looksRandom } from "./entropy";

/** Values that stand for "no secret here": booleans, types in schemas, redaction marks. */
const LITERALS = new Set(
  ("true false null none nil undefined yes no on off required optional empty n/a na string str number int integer bool " +
    "boolean bytes text varchar redacted masked hidden omitted").split(" "),
);

/**
 * Where a value points at a secret instead of being one: environment and template references,
 * secret-manager URIs, file paths and code expressions. Masking these would hide what reviewers
 * need to judge ("it reads the password from Vault") without protecting anything. A path is made of
 * path characters only: `/a0-*!A^@` after `password=` is a password that starts with a slash.
 */
const REFERENCE =
  /^(?:\$|\{\{|%\(|<[^>]*>$|@Microsoft\.KeyVault|(?:\.{0,2}|~)\/[\w.@~\/-]*$|[a-z][a-z0-9+.-]*:\/\/(?![^/@\s:]*:[^/@\s]*@)|(?:file|vault|arn|env|ssm|secretsmanager|azurekeyvault|secret|op):|projects\/[^/]+\/secrets\/|(?:process\.env|os\.environ|os\.getenv|System\.getenv|ENV\[|getenv\()|[A-Za-z_][A-Za-z0-9_]*\(|[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*(?:\[[^\]]*\])?){1,6}$)/;

export function isReferenceValue(value: string): boolean {
  const v = value.trim();
  // Random-looking base64 can start with "/" or contain dots; it is a secret, not a path.
  if (looksRandom(v)) return false;
  // Already judged on an earlier pass: what it pointed to has been masked.
  if (/^\[[a-z][a-z0-9_]{0,63}:[0-9a-f]{6}\]/.test(v)) return true;
  if (v.length === 0) return true;
  if (LITERALS.has(v.toLowerCase()) || /^[*xX•#._-]+$/.test(v)) return true;
  return REFERENCE.test(v);
}
