import { PRIORITY } from "../priority";
import type { Detector } from "../types";
import type { TokenFormat } from "./token-format";

const ALNUM = /[A-Za-z0-9]/;
const ALNUM_UNDERSCORE = /[A-Za-z0-9_]/;
const URL_SAFE = /[A-Za-z0-9_-]/;
/** Tokens with dots inside may still end a sentence: their patterns refuse only a dot that goes on
 * (`(?![A-Za-z0-9_-]|\.[A-Za-z0-9_-])`), so `…is SG.abc.def.` masks the key and keeps the full stop. */
const URL_SAFE_DOT = /[A-Za-z0-9_.-]/;

/** OpenAI-style `sk-` keys share their prefix with prose ("sk-" after a hyphenated word is rare but
 * possible), so the body must look random: a digit and both letter cases. */
function looksGenerated(text: string, start: number, end: number): boolean {
  const body = text.slice(start, end);
  return /[0-9]/.test(body) && /[a-z]/.test(body) && /[A-Z]/.test(body);
}

/** Glued to a word, `sk-` is how kebab-case names end (`prod-task-WorkerService-1A2B3C4D`):
 * such a token must be as long as real keys are (48 and more) besides looking generated. */
function gluedOpenAiKey(text: string, start: number, end: number): boolean {
  return end - start >= 48 && looksGenerated(text, start, end);
}

/** Source control, chat, payments, SaaS and AI providers, each by its documented prefix and shape. */
export const PLATFORM_TOKEN_FORMATS: TokenFormat[] = [
  // GitHub: classic/OAuth/app/refresh tokens are prefix + 36 base62 (the last 6 a CRC32); fine-grained PATs are longer.
  // Countersign's own credentials: an agent's API key and a person's command-line session, both 32 random bytes in base64url.
  { kind: "countersign_credential", anchors: ["cs_live_", "cs_cli_"], alphabet: URL_SAFE, pattern: /cs_(?:live|cli)_[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/y },
  { kind: "github_token", anchors: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"], alphabet: ALNUM_UNDERSCORE, pattern: /gh[pousr]_[A-Za-z0-9]{36,251}(?![A-Za-z0-9_])/y },
  { kind: "github_token", anchors: ["github_pat_"], alphabet: ALNUM_UNDERSCORE, pattern: /github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}(?![A-Za-z0-9_])/y },
  {
    kind: "gitlab_token",
    anchors: ["glpat-", "gldt-", "glrt-", "glptt-", "glsoat-", "gloas-", "glcbt-", "glimt-", "glagent-", "glffct-", "glft-"],
    alphabet: URL_SAFE_DOT,
    pattern: /gl(?:pat|dt|rt|ptt|soat|oas|cbt|imt|agent|ffct|ft)-[A-Za-z0-9_-]{20,300}(?:\.[A-Za-z0-9_-]{1,64}){0,3}(?![A-Za-z0-9_-])/y,
  },
  { kind: "bitbucket_app_password", anchors: ["ATBB"], alphabet: /[A-Za-z0-9_=.-]/, pattern: /ATBB[A-Za-z0-9_=.-]{28,64}(?![A-Za-z0-9_=.-])/y },
  { kind: "atlassian_api_token", anchors: ["ATATT3", "ATCTT3"], alphabet: /[A-Za-z0-9_=-]/, pattern: /AT(?:A|C)TT3[A-Za-z0-9_=-]{100,300}(?![A-Za-z0-9_=-])/y },
  // Slack: bot/user/legacy tokens are numeric team/user ids then a random tail; app-level tokens start xapp-.
  { kind: "slack_token", anchors: ["xoxb-", "xoxp-", "xoxa-", "xoxo-", "xoxs-", "xoxr-", "xoxe-"], alphabet: URL_SAFE, pattern: /xox[bpaosre]-(?:[0-9]{1,13}-){1,4}[A-Za-z0-9]{20,200}(?![A-Za-z0-9_-])/y },
  { kind: "slack_token", anchors: ["xapp-"], alphabet: URL_SAFE, pattern: /xapp-[0-9]-[A-Z0-9]{9,12}-[0-9]{10,13}-[a-f0-9]{64}(?![A-Za-z0-9_-])/y },
  { kind: "slack_webhook_url", anchors: ["https://hooks.slack.com/"], alphabet: /[A-Za-z0-9_:/.-]/, pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/T[A-Z0-9]{6,12}\/[A-Za-z0-9_/-]{20,120}(?![A-Za-z0-9_/-])/y },
  // Stripe: publishable keys (pk_) are public by design and are left alone.
  { kind: "stripe_secret_key", anchors: ["sk_live_", "sk_test_", "rk_live_", "rk_test_"], alphabet: ALNUM_UNDERSCORE, pattern: /[rs]k_(?:live|test)_[0-9A-Za-z]{10,247}(?![A-Za-z0-9_])/y },
  { kind: "stripe_webhook_secret", anchors: ["whsec_"], alphabet: /[A-Za-z0-9_+/=]/, pattern: /whsec_[A-Za-z0-9+/=]{32,100}(?![A-Za-z0-9_+/=])/y },
  { kind: "twilio_api_key", anchors: ["SK"], alphabet: ALNUM, pattern: /SK[0-9a-fA-F]{32}(?![A-Za-z0-9])/y },
  // A Twilio auth token has no prefix, but follows its account SID (`AC` + 32 hex) as the password of
  // `-u AC…:token` or a URL, or as the second argument of `Client("AC…", "token")`. The SID is an id.
  {
    kind: "twilio_auth_token",
    anchors: ["AC"],
    alphabet: ALNUM,
    pattern: /AC[0-9a-f]{32}(?::|["']?[ \t]{0,4},[ \t]{0,4}["']?)([0-9a-f]{32})(?![A-Za-z0-9])/dy,
    group: 1,
  },
  { kind: "sendgrid_api_key", anchors: ["SG."], alphabet: URL_SAFE_DOT, pattern: /SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-]|\.[A-Za-z0-9_-])/y },
  // `pubkey-…` is Mailgun's public validation key, public by design.
  { kind: "mailgun_api_key", anchors: ["key-"], alphabet: URL_SAFE, pattern: /key-[0-9a-f]{32}(?![A-Za-z0-9_-])/y, gluedAccept: (text, start) => !text.endsWith("pub", start) },
  // Meta Graph API user/page/system-user tokens: "EAA", then the app's token type letter and 90+ base62.
  // Square's "EAAA…" tokens are 64 chars with "-_+=" and are tried first (longer anchor).
  // Inside a longer upper-case or base62 run "EAA" is chance, so a glued one must look generated.
  { kind: "facebook_access_token", anchors: ["EAA"], alphabet: ALNUM, pattern: /EAA[A-Za-z0-9]{90,400}(?![A-Za-z0-9_+=-])/y, gluedAccept: looksGenerated },
  { kind: "mailchimp_api_key", anchors: ["-us"], maxBack: 32, alphabet: /[A-Za-z0-9-]/, pattern: /[0-9a-f]{32}-us[0-9]{1,2}(?![A-Za-z0-9-])/y },
  { kind: "shopify_token", anchors: ["shpat_", "shpca_", "shppa_", "shpss_"], alphabet: ALNUM_UNDERSCORE, pattern: /shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}(?![A-Za-z0-9_])/y },
  { kind: "square_token", anchors: ["sq0atp-", "sq0csp-"], alphabet: URL_SAFE, pattern: /sq0(?:atp|csp)-[0-9A-Za-z_-]{22,43}(?![A-Za-z0-9_-])/y },
  { kind: "square_token", anchors: ["EAAA"], alphabet: /[A-Za-z0-9_+=-]/, pattern: /EAAA[A-Za-z0-9_+=-]{60}(?![A-Za-z0-9_+=-])/y },
  { kind: "braintree_token", anchors: ["access_token$"], alphabet: /[A-Za-z0-9_$]/, pattern: /access_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32}(?![A-Za-z0-9_$])/y },
  { kind: "new_relic_key", anchors: ["NRAK-", "NRAA-", "NRII-", "NRIQ-", "NRJS-", "NRRA-"], alphabet: URL_SAFE, pattern: /NR(?:AK|AA|II|IQ|JS|RA)-[A-Za-z0-9_-]{19,40}(?![A-Za-z0-9_-])/y },
  { kind: "new_relic_key", anchors: ["NRAL"], maxBack: 36, alphabet: ALNUM, pattern: /[0-9a-f]{36}NRAL(?![A-Za-z0-9])/y },
  { kind: "sentry_token", anchors: ["sntrys_", "sntryu_"], alphabet: /[A-Za-z0-9_+/=]/, pattern: /sntry[su]_[A-Za-z0-9+/=_]{40,400}(?![A-Za-z0-9_+/=])/y },
  { kind: "npm_token", anchors: ["npm_"], alphabet: ALNUM_UNDERSCORE, pattern: /npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/y },
  // PyPI tokens are macaroons: base64 that always starts by encoding "pypi.org" or "test.pypi.org".
  { kind: "pypi_token", anchors: ["pypi-AgE"], alphabet: URL_SAFE, pattern: /pypi-AgE[A-Za-z0-9_-]{50,1000}(?![A-Za-z0-9_-])/y },
  { kind: "docker_hub_token", anchors: ["dckr_pat_", "dckr_oat_"], alphabet: URL_SAFE, pattern: /dckr_(?:pat|oat)_[A-Za-z0-9_-]{20,60}(?![A-Za-z0-9_-])/y },
  { kind: "heroku_api_key", anchors: ["HRKU-"], alphabet: URL_SAFE, pattern: /HRKU-[A-Za-z0-9_-]{30,80}(?![A-Za-z0-9_-])/y },
  { kind: "digitalocean_token", anchors: ["dop_v1_", "doo_v1_", "dor_v1_"], alphabet: ALNUM_UNDERSCORE, pattern: /do[opr]_v1_[a-f0-9]{64}(?![A-Za-z0-9_])/y },
  { kind: "cloudflare_api_token", anchors: ["v1.0-"], alphabet: URL_SAFE_DOT, pattern: /v1\.0-[a-f0-9]{24}-[a-f0-9]{146}(?![A-Za-z0-9_-]|\.[A-Za-z0-9_-])/y },
  { kind: "vault_token", anchors: ["hvs.", "hvb.", "hvr."], alphabet: URL_SAFE_DOT, pattern: /hv[sbr]\.[A-Za-z0-9_-]{24,400}(?![A-Za-z0-9_-]|\.[A-Za-z0-9_-])/y },
  { kind: "terraform_cloud_token", anchors: [".atlasv1."], maxBack: 14, alphabet: /[A-Za-z0-9_=.-]/, pattern: /[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}(?![A-Za-z0-9_=-]|\.[A-Za-z0-9_=-])/y },
  // AI providers. Longer prefixes are tried first, so sk-ant- and sk-or-v1- are never read as OpenAI keys.
  { kind: "anthropic_api_key", anchors: ["sk-ant-"], alphabet: URL_SAFE, pattern: /sk-ant-(?:api|admin|oat|ort)[0-9]{2}-[A-Za-z0-9_-]{80,120}(?![A-Za-z0-9_-])/y },
  { kind: "ai_provider_api_key", anchors: ["sk-or-v1-"], alphabet: URL_SAFE, pattern: /sk-or-v1-[a-f0-9]{64}(?![A-Za-z0-9_-])/y },
  { kind: "openai_api_key", anchors: ["sk-"], alphabet: URL_SAFE, pattern: /sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,200}(?![A-Za-z0-9_-])/y, accept: looksGenerated, gluedAccept: gluedOpenAiKey },
  { kind: "huggingface_token", anchors: ["hf_", "api_org_"], alphabet: ALNUM_UNDERSCORE, pattern: /(?:hf|api_org)_[A-Za-z]{34}(?![A-Za-z0-9_])/y },
  { kind: "ai_provider_api_key", anchors: ["gsk_"], alphabet: ALNUM_UNDERSCORE, pattern: /gsk_[A-Za-z0-9]{52}(?![A-Za-z0-9_])/y },
  { kind: "ai_provider_api_key", anchors: ["r8_"], alphabet: ALNUM_UNDERSCORE, pattern: /r8_[A-Za-z0-9]{37}(?![A-Za-z0-9_])/y },
  { kind: "ai_provider_api_key", anchors: ["pplx-"], alphabet: URL_SAFE, pattern: /pplx-[A-Za-z0-9]{48}(?![A-Za-z0-9_-])/y },
  { kind: "ai_provider_api_key", anchors: ["xai-"], alphabet: URL_SAFE, pattern: /xai-[A-Za-z0-9]{80}(?![A-Za-z0-9_-])/y },
  { kind: "ai_provider_api_key", anchors: ["lsv2_"], alphabet: ALNUM_UNDERSCORE, pattern: /lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}(?![A-Za-z0-9_])/y },
  { kind: "firebase_fcm_server_key", anchors: ["AAAA"], alphabet: /[A-Za-z0-9_:-]/, pattern: /AAAA[A-Za-z0-9_-]{7}:[A-Za-z0-9_-]{140}(?![A-Za-z0-9_-]|:[A-Za-z0-9_-])/y },
  { kind: "linear_api_key", anchors: ["lin_api_"], alphabet: ALNUM_UNDERSCORE, pattern: /lin_api_[A-Za-z0-9]{40}(?![A-Za-z0-9_])/y },
  { kind: "linear_api_key", anchors: ["lin_oauth_"], alphabet: ALNUM_UNDERSCORE, pattern: /lin_oauth_[a-f0-9]{64}(?![A-Za-z0-9_])/y },
  { kind: "notion_token", anchors: ["secret_"], alphabet: ALNUM_UNDERSCORE, pattern: /secret_[A-Za-z0-9]{43}(?![A-Za-z0-9_])/y },
  { kind: "notion_token", anchors: ["ntn_"], alphabet: ALNUM_UNDERSCORE, pattern: /ntn_[0-9]{11}[A-Za-z0-9]{35}(?![A-Za-z0-9_])/y },
  { kind: "discord_webhook_url", anchors: ["https://discord.com/api/webhooks/", "https://discordapp.com/api/webhooks/"], alphabet: /[A-Za-z0-9_:/.-]/, pattern: /https:\/\/discord(?:app)?\.com\/api\/webhooks\/[0-9]{17,20}\/[A-Za-z0-9_-]{60,68}(?![A-Za-z0-9_-])/y },
  // Telegram: "<bot id>:AA<33 chars>"; the bot id is 8-10 digits before the anchor.
  { kind: "telegram_bot_token", anchors: [":AA"], maxBack: 10, alphabet: /[0-9]/, pattern: /[0-9]{8,10}:AA[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])/y },
  { kind: "postman_api_key", anchors: ["PMAK-"], alphabet: URL_SAFE, pattern: /PMAK-[a-f0-9]{24}-[a-f0-9]{34}(?![A-Za-z0-9_-])/y },
  { kind: "grafana_token", anchors: ["glsa_"], alphabet: ALNUM_UNDERSCORE, pattern: /glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}(?![A-Za-z0-9_])/y },
  { kind: "grafana_token", anchors: ["glc_"], alphabet: /[A-Za-z0-9_+/=]/, pattern: /glc_[A-Za-z0-9+/]{32,400}={0,2}(?![A-Za-z0-9_+/=])/y },
  { kind: "supabase_token", anchors: ["sbp_"], alphabet: ALNUM_UNDERSCORE, pattern: /sbp_[a-f0-9]{40}(?![A-Za-z0-9_])/y },
  { kind: "pulumi_token", anchors: ["pul-"], alphabet: URL_SAFE, pattern: /pul-[a-f0-9]{40}(?![A-Za-z0-9_-])/y },
  { kind: "age_secret_key", anchors: ["AGE-SECRET-KEY-1"], alphabet: /[A-Z0-9-]/, pattern: /AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}(?![A-Z0-9-])/y },
  // Structure rather than vendor, but found the same way: header and payload are base64url JSON ("eyJ" is `{"`).
  { kind: "jwt", anchors: ["eyJ"], alphabet: URL_SAFE_DOT, pattern: /eyJ[A-Za-z0-9_-]{5,4000}\.eyJ[A-Za-z0-9_-]{2,16000}\.[A-Za-z0-9_-]{0,4000}(?![A-Za-z0-9_-]|\.[A-Za-z0-9_-])/y, priority: PRIORITY.structure },
];

const DISCORD_BOT_TOKEN = /[MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}(?![A-Za-z0-9_-]|\.[A-Za-z0-9_-])/y;

function isUrlSafeChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 45;
}

const MAILGUN_KEY = /^[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}$/;
const MAILGUN_KEY_LENGTH = 50;

/**
 * Mailgun's current private API keys and webhook signing keys have no prefix: 32 hex, "-", 8 hex,
 * "-", 8 hex. That is a long base64url run on its own, so only runs of exactly that length are read.
 * (Not a UUID, 8-4-4-4-12, nor a hex digest, which has no dashes.)
 */
export const detectMailgunKeys: Detector = (text, out, facts) => {
  const runs = facts.tokenRuns();
  for (let r = 0; r + 2 < runs.length; r += 3) {
    const start = runs[r]!; // r + 2 < runs.length
    const end = runs[r + 1]!;
    if (end - start !== MAILGUN_KEY_LENGTH || runs[r + 2] !== end) continue;
    if (text.charCodeAt(start + 32) !== 45 || !MAILGUN_KEY.test(text.slice(start, end))) continue;
    out.push({ start, end, kind: "mailgun_api_key", priority: PRIORITY.format });
  }
};

/**
 * Discord bot tokens have no prefix: base64 of the bot's user id (so M/N/O), a timestamp, an HMAC.
 * The first part is 24-26 base64url chars, not preceded by one or by ".", and followed by ".". Only
 * the last piece of one of the long runs the facts list can be followed by "." (the others end at a
 * "+" or "/"), so each run costs one look at its end.
 */
export const detectDiscordBotTokens: Detector = (text, out, facts) => {
  const runs = facts.tokenRuns();
  for (let r = 0; r + 2 < runs.length; r += 3) {
    const runStart = runs[r]!; // r + 2 < runs.length
    const runEnd = runs[r + 1]!;
    if (text.charCodeAt(runEnd) !== 46 || runs[r + 2] !== runEnd) continue;
    let piece = runEnd;
    while (piece > runStart && runEnd - piece <= 26 && isUrlSafeChar(text.charCodeAt(piece - 1))) piece--;
    const length = runEnd - piece;
    const c = text.charCodeAt(piece);
    if (length < 24 || length > 26 || !(c === 77 || c === 78 || c === 79)) continue;
    // Preceded by the run's own "+" or "/", or by what ended the run (not base64url; "." refused here).
    if (piece > runStart ? isUrlSafeChar(text.charCodeAt(piece - 1)) : text.charCodeAt(piece - 1) === 46) continue;
    DISCORD_BOT_TOKEN.lastIndex = piece;
    const m = DISCORD_BOT_TOKEN.exec(text);
    if (m !== null) out.push({ start: piece, end: piece + m[0].length, kind: "discord_bot_token", priority: PRIORITY.format });
  }
};
