import { ibanLength } from "../iban";
import { isLuhnValid } from "../luhn";
import { ALPHABETS as A, mixedChars, type Rng } from "./random";

const b64url = (s: string) => Buffer.from(s).toString("base64url");

/** A random value per documented format, keyed by the kind the engine should report. */
export const FORMAT_GENERATORS = {
  aws_access_key_id: (r) => r.pick(["AKIA", "ASIA"]) + r.chars(A.base32, 16),
  aws_session_token: (r) => r.pick(["FwoGZXIvYXdzE", "IQoJb3JpZ2luX2Vj"]) + r.chars(A.base64, r.int(200, 600)),
  gcp_api_key: (r) => "AIza" + r.chars(A.base64url, 35),
  azure_client_secret: (r) => r.chars(A.base62 + "_~.", 3) + r.int(0, 9) + "Q~" + r.chars(A.base62 + "_~.-", 34),
  countersign_credential: (r) => r.pick(["cs_live_", "cs_cli_"]) + r.chars(A.base64url, 43),
  github_token: (r) =>
    r.chance(0.8) ? r.pick(["ghp_", "gho_", "ghu_", "ghs_", "ghr_"]) + r.chars(A.base62, 36) : "github_pat_" + r.chars(A.base62, 22) + "_" + r.chars(A.base62, 59),
  gitlab_token: (r) => r.pick(["glpat-", "gldt-", "glrt-"]) + r.chars(A.base62 + "_-", 20),
  bitbucket_app_password: (r) => "ATBB" + r.chars(A.base62, 32),
  atlassian_api_token: (r) => "ATATT3xFfGF0" + r.chars(A.base64url, 170) + "=" + r.chars(A.hex.toUpperCase(), 8),
  slack_token: (r) =>
    r.pick([
      () => `xoxb-${r.chars(A.digits, 12)}-${r.chars(A.digits, 13)}-${r.chars(A.base62, 24)}`,
      () => `xoxp-${r.chars(A.digits, 11)}-${r.chars(A.digits, 11)}-${r.chars(A.digits, 13)}-${r.chars(A.hex, 32)}`,
      () => `xapp-1-A${r.chars(A.upper + A.digits, 10)}-${r.chars(A.digits, 13)}-${r.chars(A.hex, 64)}`,
    ])(),
  slack_webhook_url: (r) => `https://hooks.slack.com/services/T${r.chars(A.upper + A.digits, 8)}/B${r.chars(A.upper + A.digits, 10)}/${r.chars(A.base62, 24)}`,
  stripe_secret_key: (r) => r.pick(["sk_live_", "rk_live_", "sk_test_"]) + r.chars(A.base62, r.int(24, 99)),
  stripe_webhook_secret: (r) => "whsec_" + r.chars(A.base62, 32),
  twilio_api_key: (r) => "SK" + r.chars(A.hex, 32),
  sendgrid_api_key: (r) => `SG.${r.chars(A.base64url, 22)}.${r.chars(A.base64url, 43)}`,
  mailgun_api_key: (r) => (r.chance(0.5) ? "key-" + r.chars(A.hex, 32) : `${r.chars(A.hex, 32)}-${r.chars(A.hex, 8)}-${r.chars(A.hex, 8)}`),
  mailchimp_api_key: (r) => `${r.chars(A.hex, 32)}-us${r.int(1, 21)}`,
  shopify_token: (r) => r.pick(["shpat_", "shpca_", "shppa_", "shpss_"]) + r.chars(A.hex, 32),
  square_token: (r) => r.pick([() => "sq0atp-" + r.chars(A.base64url, 22), () => "sq0csp-" + r.chars(A.base64url, 43), () => "EAAA" + r.chars(A.base64url, 60)])(),
  braintree_token: (r) => `access_token$${r.pick(["production", "sandbox"])}$${r.chars(A.digits + A.lower, 16)}$${r.chars(A.hex, 32)}`,
  new_relic_key: (r) => (r.chance(0.7) ? "NRAK-" + r.chars(A.upper + A.digits, 27) : r.chars(A.hex, 36) + "NRAL"),
  sentry_token: (r) => "sntrys_" + r.chars(A.base64, 120),
  npm_token: (r) => "npm_" + r.chars(A.base62, 36),
  pypi_token: (r) => "pypi-AgEIcHlwaS5vcmc" + r.chars(A.base64url, r.int(60, 180)),
  docker_hub_token: (r) => "dckr_pat_" + r.chars(A.base64url, 27),
  heroku_api_key: (r) => "HRKU-" + r.chars(A.base64url, 60),
  digitalocean_token: (r) => r.pick(["dop_v1_", "doo_v1_"]) + r.chars(A.hex, 64),
  cloudflare_api_token: (r) => `v1.0-${r.chars(A.hex, 24)}-${r.chars(A.hex, 146)}`,
  vault_token: (r) => "hvs." + r.chars(A.base64url, r.int(24, 95)),
  terraform_cloud_token: (r) => `${r.chars(A.base62, 14)}.atlasv1.${r.chars(A.base62 + "_-", 67)}`,
  openai_api_key: (r) =>
    r.chance(0.6)
      ? "sk-proj-" + mixedChars(r, A.base64url, r.int(100, 156))
      : "sk-" + mixedChars(r, A.base62, 20) + "T3BlbkFJ" + mixedChars(r, A.base62, 20),
  anthropic_api_key: (r) => "sk-ant-api03-" + r.chars(A.base64url, 93) + "AA",
  huggingface_token: (r) => "hf_" + r.chars(A.letters, 34),
  ai_provider_api_key: (r) =>
    r.pick([() => "gsk_" + r.chars(A.base62, 52), () => "r8_" + r.chars(A.base62, 37), () => "pplx-" + r.chars(A.base62, 48), () => "xai-" + r.chars(A.base62, 80), () => "sk-or-v1-" + r.chars(A.hex, 64)])(),
  firebase_fcm_server_key: (r) => `AAAA${r.chars(A.base64url, 7)}:${r.chars(A.base64url, 140)}`,
  linear_api_key: (r) => "lin_api_" + r.chars(A.base62, 40),
  notion_token: (r) => (r.chance(0.5) ? "secret_" + r.chars(A.base62, 43) : "ntn_" + r.chars(A.digits, 11) + r.chars(A.base62, 35)),
  discord_bot_token: (r) => `${r.pick(["M", "N", "O"])}${r.chars(A.base64url, 25)}.${r.chars(A.base64url, 6)}.${r.chars(A.base64url, 38)}`,
  facebook_access_token: (r) => "EAA" + r.pick(["B", "G", "J", "M", "C", "W"]) + r.chars(A.base62, r.int(100, 220)),
  discord_webhook_url: (r) => `https://discord.com/api/webhooks/${r.chars(A.digits, 18)}/${r.chars(A.base64url, 68)}`,
  telegram_bot_token: (r) => `${r.int(1, 9)}${r.chars(A.digits, r.int(7, 9))}:AA${r.chars(A.base64url, 33)}`,
  postman_api_key: (r) => `PMAK-${r.chars(A.hex, 24)}-${r.chars(A.hex, 34)}`,
  grafana_token: (r) => `glsa_${r.chars(A.base62, 32)}_${r.chars(A.hex, 8)}`,
  supabase_token: (r) => "sbp_" + r.chars(A.hex, 40),
  pulumi_token: (r) => "pul-" + r.chars(A.hex, 40),
  age_secret_key: (r) => "AGE-SECRET-KEY-1" + r.chars("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58),
  jwt: (r) =>
    [
      b64url(JSON.stringify({ alg: r.pick(["HS256", "RS256", "ES256"]), typ: "JWT" })),
      b64url(JSON.stringify({ sub: r.chars(A.base62, 12), iat: r.int(1.6e9, 1.8e9), scope: "deploy" })),
      r.chars(A.base64url, 43),
    ].join("."),
} satisfies Record<string, (rng: Rng) => string>;

export type FormatKind = keyof typeof FORMAT_GENERATORS;
/** The keys of FORMAT_GENERATORS, typed as such (Object.keys gives plain strings). */
export const FORMAT_KINDS = Object.keys(FORMAT_GENERATORS) as FormatKind[];

/** Random values with no format of their own: recognisable only from where they are assigned. */
export const randomSecret = (r: Rng, length = r.int(12, 40)) => mixedChars(r, A.base62 + "!#%*+-_", length);

export function privateKeyPem(r: Rng, newline = "\n"): string {
  const label = r.pick(["RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY", "ENCRYPTED PRIVATE KEY"]);
  const lines = Array.from({ length: r.int(6, 24) }, () => r.chars(A.base64, 64));
  return [`-----BEGIN ${label}-----`, ...lines, `-----END ${label}-----`].join(newline);
}

/** A PuTTY .ppk file (version 2 or 3); `privateLine` is one line of its private blob. */
export function puttyKeyFile(r: Rng, privateLine: string, newline = "\n"): string {
  const version = r.pick(["2", "3"]);
  const lines = [
    `PuTTY-User-Key-File-${version}: ${r.pick(["ssh-rsa", "ssh-ed25519", "ecdsa-sha2-nistp256"])}`,
    `Encryption: none`,
    `Comment: ${r.pick(["deploy@ci", "rsa-key-20240101", "ed25519-key"])}`,
    `Public-Lines: 2`,
    r.chars(A.base64, 64),
    r.chars(A.base64, 24),
    `Private-Lines: 2`,
    privateLine,
    r.chars(A.base64, 20) + "==",
    `Private-MAC: ${r.chars(A.hex, version === "3" ? 64 : 40)}`,
  ];
  return lines.join(newline);
}

// Personal data, valid by their checksums.

export function luhnComplete(prefix: string, length: number, r: Rng): string {
  const body = prefix + r.chars(A.digits, length - prefix.length - 1);
  for (let d = 0; d < 10; d++) if (isLuhnValid(body + d)) return body + d;
  throw new Error("unreachable");
}

export function paymentCard(r: Rng): string {
  const [prefix, length] = r.pick([["4", 16], ["51", 16], ["55", 16], ["2221", 16], ["34", 15], ["37", 15], ["6011", 16], ["3530", 16]] as const);
  const digits = luhnComplete(prefix, length, r);
  const sep = r.pick(["", " ", "-"]);
  if (sep === "") return digits;
  return length === 15 ? [digits.slice(0, 4), digits.slice(4, 10), digits.slice(10)].join(sep) : digits.match(/.{4}/g)!.join(sep);
}

export function iban(r: Rng): string {
  const country = r.pick(["DE", "GB", "FR", "ES", "IT", "NL", "BE", "CH", "PL", "SE"]);
  const bban = country === "GB" || country === "NL" ? r.chars(A.upper, 4) + r.chars(A.digits, ibanLength(country)! - 8) : r.chars(A.digits, ibanLength(country)! - 4);
  const numeric = (bban + country + "00").replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rem = 0;
  for (const ch of numeric) rem = (rem * 10 + Number(ch)) % 97;
  const compact = country + String(98 - rem).padStart(2, "0") + bban;
  return r.chance(0.5) ? compact : compact.match(/.{1,4}/g)!.join(" ");
}

export function usSsn(r: Rng): string {
  return `${r.int(1, 665).toString().padStart(3, "0")}-${r.int(1, 99).toString().padStart(2, "0")}-${r.int(1, 9999).toString().padStart(4, "0")}`;
}

export function nationalId(r: Rng): string {
  return r.pick([
    () => {
      const n = r.int(10_000_000, 99_999_999);
      return `${n}${"TRWAGMYFPDXBNJZSQVHLCKE"[n % 23]}`;
    },
    () => {
      for (;;) {
        const d = r.chars(A.digits, 9).split("").map(Number);
        if (d.every((x) => x === d[0])) continue;
        const check = (digits: number[]) => ((digits.reduce((acc, x, i) => acc + x * (digits.length + 1 - i), 0) * 10) % 11) % 10;
        d.push(check(d));
        d.push(check(d));
        const s = d.join("");
        return `${s.slice(0, 3)}.${s.slice(3, 6)}.${s.slice(6, 9)}-${s.slice(9)}`;
      }
    },
    () => {
      const body = `${r.int(110000, 659999)}${r.int(1950, 2005)}${String(r.int(1, 12)).padStart(2, "0")}${String(r.int(1, 28)).padStart(2, "0")}${r.chars(A.digits, 3)}`;
      const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
      const sum = weights.reduce((acc, w, i) => acc + w * Number(body[i]), 0);
      return body + "10X98765432"[sum % 11];
    },
  ])();
}

export function email(r: Rng): string {
  const first = r.pick(["alice", "bob", "carol", "dmitri", "eve", "fatima", "guo", "hiro", "ines", "jamal"]);
  return `${first}${r.pick([".", "_", ""])}${r.chars(A.lower, r.int(3, 8))}${r.chance(0.3) ? r.int(1, 99) : ""}@${r.pick(["example.com", "corp.example.org", "mail.acme.io", "gmail.com", "uni.ac.uk"])}`;
}

export function phoneNumber(r: Rng): string {
  return r.pick([
    () => `+1 ${r.int(201, 989)} ${r.int(200, 999)} ${r.chars(A.digits, 4)}`,
    () => `+1${r.int(201, 989)}${r.int(200, 999)}${r.chars(A.digits, 4)}`,
    () => `+44 20 ${r.int(7000, 8999)} ${r.chars(A.digits, 4)}`,
    () => `+33 6 ${r.chars(A.digits, 2)} ${r.chars(A.digits, 2)} ${r.chars(A.digits, 2)} ${r.chars(A.digits, 2)}`,
    () => `+49 30 ${r.chars(A.digits, 8)}`,
    () => `(${r.int(201, 989)}) ${r.int(200, 999)}-${r.chars(A.digits, 4)}`,
    () => `${r.int(201, 989)}-${r.int(200, 999)}-${r.chars(A.digits, 4)}`,
    () => `020 ${r.int(7000, 8999)} ${r.chars(A.digits, 4)}`,
    () => `06 ${r.chars(A.digits, 2)} ${r.chars(A.digits, 2)} ${r.chars(A.digits, 2)} ${r.chars(A.digits, 2)}`,
    // DE landline and mobile, NL mobile and landline, IN mobile, AU mobile and landline.
    () => `0${r.pick(["30", "40", "89", "221"])} ${r.int(1, 9)}${r.chars(A.digits, 6)}`,
    () => `01${r.pick(["51", "60", "71", "76"])}${r.pick([" ", "-"])}${r.int(1, 9)}${r.chars(A.digits, 7)}`,
    () => `06${r.pick([" ", "-"])}${r.int(1, 9)}${r.chars(A.digits, 7)}`,
    () => `0${r.pick(["20", "10", "70"])}-${r.int(1, 9)}${r.chars(A.digits, 6)}`,
    () => `${r.int(6, 9)}${r.chars(A.digits, 4)} ${r.chars(A.digits, 5)}`,
    () => `04${r.chars(A.digits, 2)} ${r.chars(A.digits, 3)} ${r.chars(A.digits, 3)}`,
    () => `(0${r.pick(["2", "3", "7", "8"])}) ${r.int(1, 9)}${r.chars(A.digits, 3)} ${r.chars(A.digits, 4)}`,
  ])();
}

export function ipAddress(r: Rng): string {
  return r.chance(0.8)
    ? `${r.int(1, 223)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`
    : `2001:db8:${r.chars(A.hex, 4)}:${r.chars(A.hex, 3)}::${r.chars(A.hex, 2)}`;
}
