import type { BuiltInKind } from "./kinds";

/**
 * How the value assigned to a key is treated:
 * - "any": the name alone says secret (`password`, `api_key`), so any non-reference value is masked;
 * - "random": the name is ambiguous (`key`, `signature`), so only a random-looking value is masked;
 * - "authorization" / "cookie" / "set-cookie": HTTP header values with their own inner syntax.
 */
export type KeyRule = { kind: BuiltInKind; mode: "any" | "random" | "authorization" | "cookie" | "set-cookie" };

/** Last words that make the value a reference or metadata about the secret, not the secret itself
 * (`password_file: /etc/x`, `secret_name: prod-db`, `token_type: Bearer`, `max_tokens: 4096`). */
const REFERENCE_WORDS = new Set(
  ("file files path paths dir directory name names ref refs reference id ids arn env var variable length len size min max " +
    "policy policies type types field hint header prompt label description desc version expiry expires expiration exp ttl " +
    "created updated rotated rotation at count enabled disabled required mode provider store manager endpoint url uri location " +
    "format algorithm alg stdin command cmd source template pattern regex strength complexity age lifetime timeout scope scopes " +
    "audience issuer prefix suffix validator validation reset changed last set mount tokens limit usage").split(" "),
);

/** Words that make a key the opposite of secret. */
const PUBLIC_WORDS = new Set(["public", "publishable", "pub", "tokenizer", "tokenize", "verify", "verification"]);

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}

function isLowerOrDigit(c: number): boolean {
  return isLower(c) || (c >= 48 && c <= 57);
}

/**
 * `keyName`, `KEY_NAME`, `key-name`, `--key.name`, `APIKey` -> ["key", "name"], ["api", "key"]. A
 * word starts at an upper-case letter after a lower-case one or a digit, or at the last capital of a
 * run followed by a lower-case letter; anything but ASCII letters and digits separates words.
 * (Hand-written: it runs for every key-like word of every text.)
 */
export function keyWords(key: string): string[] {
  const words: string[] = [];
  let word = "";
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (isUpper(c)) {
      const prev = key.charCodeAt(i - 1);
      if (word.length > 0 && (isLowerOrDigit(prev) || (isUpper(prev) && isLower(key.charCodeAt(i + 1))))) {
        words.push(word);
        word = "";
      }
      word += String.fromCharCode(c + 32);
    } else if (isLowerOrDigit(c)) {
      word += key[i];
    } else if (word.length > 0) {
      words.push(word);
      word = "";
    }
  }
  if (word.length > 0) words.push(word);
  return words;
}


/** Provider names among a key's words (a Set: ~25 membership tests per secret-naming key, first hit wins). */
const PROVIDER_HINTS: Array<{ when: (words: Set<string>, joined: string) => boolean; kind: BuiltInKind }> = [
  { when: (w) => w.has("aws") && w.has("secret"), kind: "aws_secret_access_key" },
  { when: (w) => w.has("aws") && w.has("session"), kind: "aws_session_token" },
  { when: (w) => w.has("datadog") || w.has("dd"), kind: "datadog_api_key" },
  { when: (w) => w.has("twilio"), kind: "twilio_auth_token" },
  { when: (w) => w.has("heroku"), kind: "heroku_api_key" },
  { when: (w) => w.has("cloudflare") || w.has("cf"), kind: "cloudflare_api_token" },
  { when: (w) => w.has("okta"), kind: "okta_api_token" },
  { when: (w) => (w.has("azure") || w.has("arm")) && w.has("secret"), kind: "azure_client_secret" },
  { when: (w) => w.has("vault"), kind: "vault_token" },
  { when: (w) => w.has("github") || w.has("gh"), kind: "github_token" },
  { when: (w) => w.has("gitlab"), kind: "gitlab_token" },
  { when: (w) => w.has("slack"), kind: "slack_token" },
  { when: (w) => w.has("sentry"), kind: "sentry_token" },
  { when: (w, j) => j.includes("newrelic") || w.has("nr"), kind: "new_relic_key" },
  { when: (w) => w.has("mailgun"), kind: "mailgun_api_key" },
  { when: (w) => w.has("openai"), kind: "openai_api_key" },
  { when: (w) => w.has("anthropic") || w.has("claude"), kind: "anthropic_api_key" },
  {
    when: (w) => ["mistral", "cohere", "groq", "together", "replicate", "perplexity", "gemini", "deepseek", "fireworks"].some((p) => w.has(p)),
    kind: "ai_provider_api_key",
  },
];

const STRONG_KEY_SUFFIXES: Array<[string, BuiltInKind]> = [
  ["privatekey", "private_key"],
  ["apikey", "api_key"],
  ["appkey", "api_key"],
  ["applicationkey", "api_key"], // Datadog's DD-APPLICATION-KEY / DATADOG_APPLICATION_KEY
  ["accesskey", "api_key"],
  ["clientkey", "api_key"],
  ["servicekey", "api_key"],
  ["licensekey", "api_key"],
  ["accountkey", "api_key"],
  ["secretkey", "secret"],
  ["signingkey", "secret"],
  ["encryptionkey", "secret"],
  ["masterkey", "secret"],
  ["sharedkey", "secret"],
  ["authkey", "secret"],
  ["webhookkey", "secret"],
];

function baseRule(words: string[], joined: string): KeyRule | null {
  const last = words.at(-1);
  if (last === undefined) return null; // a key of no words names nothing
  if (joined === "cookie") return { kind: "cookie", mode: "cookie" };
  if (joined === "setcookie") return { kind: "cookie", mode: "set-cookie" };
  if (joined.endsWith("authorization")) return { kind: "auth_token", mode: "authorization" };
  if (joined.endsWith("sessionid") || joined.endsWith("sessid")) return { kind: "session_id", mode: "any" };
  if (REFERENCE_WORDS.has(last)) return null;
  if (/passw(?:or)?d|passphrase/.test(joined) || words.includes("pass") || (words.includes("pwd") && words.length > 1)) {
    return { kind: "password", mode: "any" };
  }
  if (joined.endsWith("clientsecret")) return { kind: "oauth_client_secret", mode: "any" };
  for (const [suffix, kind] of STRONG_KEY_SUFFIXES) if (joined.endsWith(suffix)) return { kind, mode: "any" };
  if (joined.includes("secret") || words.includes("credential") || words.includes("credentials")) return { kind: "secret", mode: "any" };
  if (last === "token" || /(?:access|auth|refresh|bearer|id|api|csrf|xsrf|session)token$/.test(joined)) {
    return { kind: "access_token", mode: "any" };
  }
  if (last === "auth") return { kind: "auth_token", mode: "any" };
  if (["key", "signature", "sig", "salt", "hmac", "seed"].includes(last)) return { kind: "generic_secret", mode: "random" };
  return null;
}

/** What a key's name says about its value, or null when it does not name a secret. */
export function classifyKey(key: string): KeyRule | null {
  const words = keyWords(key);
  if (words.length === 0 || words.length > 8 || words.some((w) => PUBLIC_WORDS.has(w))) return null;
  const joined = words.join("");
  const rule = baseRule(words, joined);
  if (rule === null || rule.mode !== "any" || rule.kind === "session_id") return rule;
  const wordSet = new Set(words);
  const hint = PROVIDER_HINTS.find((h) => h.when(wordSet, joined));
  return hint ? { kind: hint.kind, mode: "any" } : rule;
}
