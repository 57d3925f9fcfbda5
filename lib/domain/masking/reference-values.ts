import { looksRandom } from "./entropy";

/** Values that stand for "no secret here": booleans, types in schemas, redaction marks. */
const LITERALS = new Set(
  ("true false null none nil undefined yes no on off required optional empty n/a na string str number int integer bool " +
    "boolean bytes text varchar redacted masked hidden omitted").split(" "),
);

/** Terraform's own redaction mark, `(sensitive value)` (read up to its blank as `(sensitive`), `(sensitive)`. */
const TERRAFORM_REDACTED = /^\(sensitive(?: value)?\)?$/;

/** Template and environment references: `${DB_PASSWORD}`, `{{ password }}`, `%(password)s`, `<password>`. */
const TEMPLATE = /^(?:\$|\{\{|%\(|<[^>]*>$)/;

/**
 * Where a value points at a secret instead of being one: secret-manager URIs, file paths and code
 * expressions. Masking these would hide what reviewers need to judge ("it reads the password from
 * Vault") without protecting anything. A path is made of path characters only: `/a0-*!A^@` after
 * `password=` is a password that starts with a slash.
 */
const REFERENCE =
  /^(?:@Microsoft\.KeyVault|(?:\.{0,2}|~)\/[\w.@~\/-]*$|[a-z][a-z0-9+.-]*:\/\/(?![^/@\s:]*:[^/@\s]*@)|(?:file|vault|arn|env|ssm|secretsmanager|azurekeyvault|secret|op):|projects\/[^/]+\/secrets\/|(?:process\.env|os\.environ|os\.getenv|System\.getenv|ENV\[|getenv\()|[A-Za-z_][A-Za-z0-9_]*\(|[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*(?:\[[^\]]*\])?){1,6}$)/;

/**
 * A value that stands in for a secret wherever it appears, a URL's password included: a template
 * reference, a "no secret here" literal, a redaction mark, or a placeholder from an earlier pass.
 */
export function isPlaceholderValue(value: string): boolean {
  const v = value.trim();
  // Random-looking base64 can start with "/" or "$" or contain dots; it is a secret, not a reference.
  if (looksRandom(v)) return false;
  // Already judged on an earlier pass: what it pointed to has been masked.
  if (/^\[[a-z][a-z0-9_]{0,63}:[0-9a-f]{6}\]/.test(v)) return true;
  if (v.length === 0) return true;
  if (LITERALS.has(v.toLowerCase()) || /^[*xX•#._-]+$/.test(v) || TERRAFORM_REDACTED.test(v)) return true;
  return TEMPLATE.test(v);
}

/** A value under a secret key that is a placeholder, or points at the secret (a path, a URI, code). */
export function isReferenceValue(value: string): boolean {
  return isPlaceholderValue(value) || (!looksRandom(value.trim()) && REFERENCE.test(value.trim()));
}
