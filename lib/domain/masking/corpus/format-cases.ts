/**
 * Corpus cases for the format-level rules of issue 8: tokens glued to a word, weak identifier
 * formats after a strong label, credentials known by what they follow, and public material that
 * must stay readable. Written from scratch here (not from any outside corpus), each with benign
 * look-alikes.
 */
import { ALPHABETS as A, type Rng } from "./random";
import type { LabelledCase } from "./cases";
import * as V from "./secret-values";

type CaseBuilder = (r: Rng) => LabelledCase;

/** Formats the token scanner finds by a literal prefix (Discord bot tokens are found without one). */
const PREFIXED_KINDS = V.FORMAT_KINDS.filter((kind) => kind !== "discord_bot_token");

function prefixedToken(r: Rng): { kind: string; value: string } {
  for (;;) {
    const kind = r.pick(PREFIXED_KINDS);
    const value = V.FORMAT_GENERATORS[kind](r);
    // Mailgun's prefix-less 32-8-8 keys are read from whole runs, so a glued one is not a key.
    if (kind !== "mailgun_api_key" || value.startsWith("key-")) return { kind, value };
  }
}

const GLUED_CONTEXTS: Array<(glued: string, r: Rng) => string> = [
  (g) => `export ${g}\nnpm run deploy`,
  (g) => `{"env": {"${g}": "1"}, "stage": "prod"}`,
  (g) => `2024-05-01T10:00:00Z WARN config value ${g} was rejected`,
  (g) => `env:\n  - name: CI_SETTING\n    value: ${g}`,
];

function gluedToken(r: Rng): LabelledCase {
  const { kind, value } = prefixedToken(r);
  const glue = r.pick(["MY_TOKEN_", "production", "x", "1", "DEPLOY_KEY_", "staging_", "tok"]);
  // Digits glued to a token that starts with digits (a Telegram bot id) are one number: no telling them apart.
  const glueReadable = !(/[0-9]$/.test(glue) && /^[0-9]/.test(value));
  return { context: "glued", text: r.pick(GLUED_CONTEXTS)(glue + value, r), secrets: [{ kind, value }], benign: glueReadable ? [{ category: "glue_word", value: glue }] : [] };
}

function ssnDigits(r: Rng): [string, string, string] {
  return [String(r.int(1, 665)).padStart(3, "0").replace(/^666$/, "667"), String(r.int(1, 99)).padStart(2, "0"), String(r.int(1, 9999)).padStart(4, "0")];
}

function labelledSsn(r: Rng): LabelledCase {
  const [a, g, s] = ssnDigits(r);
  const value = r.chance(0.5) ? `${a}${g}${s}` : `${a} ${g} ${s}`;
  const text = r.pick([
    () => `verification failed for SSN ${value} (applicant 42)`,
    () => `{"applicant": {"name": "A. Smith", "ssn": "${value}"}}`,
    () => `social_security_number: ${value}\nstatus: pending`,
    () => `POST /kyc\n\nfirst=Ann&ssn=${value}&state=CA`,
  ])();
  return { context: "labelled-id", text, secrets: [{ kind: "us_ssn", value }], benign: [] };
}

function canadianSin(r: Rng): string {
  const digits = V.luhnComplete(String(r.pick([1, 2, 3, 4, 5, 6, 7, 9])), 9, r);
  const sep = r.pick([" ", "-", ""]);
  return [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6)].join(sep);
}

function labelledSin(r: Rng): LabelledCase {
  const value = canadianSin(r);
  const text = r.pick([() => `SIN: ${value}`, () => `{"employee": {"sin": "${value}", "province": "ON"}}`, () => `social_insurance_number=${value}`])();
  return { context: "labelled-id", text, secrets: [{ kind: "national_id", value }], benign: [] };
}

function nino(r: Rng, spaced: boolean): string {
  const prefix = r.pick(["AB", "CE", "JK", "PR", "SW", "TY", "HZ", "NE"]);
  const digits = r.chars(A.digits, 6);
  const suffix = r.pick(["A", "B", "C", "D"]);
  return spaced ? `${prefix} ${digits.slice(0, 2)} ${digits.slice(2, 4)} ${digits.slice(4)} ${suffix}` : `${prefix}${digits}${suffix}`;
}

function labelledNino(r: Rng): LabelledCase {
  const value = nino(r, r.chance(0.7));
  const text = r.pick([() => `National Insurance number: ${value}`, () => `{"nino": "${value}"}`, () => `payroll: nino=${value} tax_code=1257L`])();
  return { context: "labelled-id", text, secrets: [{ kind: "national_id", value }], benign: [] };
}

function dinersCard(r: Rng): LabelledCase {
  const digits = V.luhnComplete(r.pick(["300", "305", "36", "38", "39"]), 14, r);
  if (r.chance(0.5)) {
    const value = `${digits.slice(0, 4)} ${digits.slice(4, 10)} ${digits.slice(10)}`;
    return { context: "card", text: r.pick([`charge declined for ${value}`, `{"payment": {"pan": "${value}"}}`]), secrets: [{ kind: "payment_card", value }], benign: [] };
  }
  return { context: "card", text: r.pick([`card_number=${digits}&exp=12/27`, `Diners Club card ${digits} on file`]), secrets: [{ kind: "payment_card", value: digits }], benign: [] };
}

function presignedUrl(r: Rng): LabelledCase {
  const signature = r.chars(A.hex, 64);
  const url =
    `https://acme-${r.pick(["exports", "backups", "uploads"])}.s3.${r.pick(["eu-west-1", "us-east-1"])}.amazonaws.com/${r.chars(A.lower, 8)}.csv` +
    `?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20240501T100000Z&X-Amz-Expires=${r.int(60, 604800)}&X-Amz-SignedHeaders=host&X-Amz-Signature=${signature}`;
  const text = r.pick([`curl -sSfo export.csv "${url}"`, `{"download_url": "${url}", "expires_in": 3600}`]);
  return { context: "presigned-url", text, secrets: [{ kind: "aws_presigned_signature", value: signature }], benign: [{ category: "url_parameters", value: "X-Amz-SignedHeaders=host" }] };
}

function datadogApplicationKey(r: Rng): LabelledCase {
  const value = r.chars(A.hex, 40);
  const text = r.pick([
    `curl -H "DD-API-KEY: \${DD_API_KEY}" -H "DD-APPLICATION-KEY: ${value}" https://api.datadoghq.eu/api/v1/monitor`,
    `DATADOG_APPLICATION_KEY=${value}\nDATADOG_SITE=datadoghq.eu`,
  ]);
  return { context: "datadog", text, secrets: [{ kind: "datadog_api_key", value }], benign: [] };
}

function twilioAuthToken(r: Rng): LabelledCase {
  const sid = `AC${r.chars(A.hex, 32)}`;
  const value = r.chars(A.hex, 32);
  const text = r.pick([
    `curl -X POST https://api.twilio.com/2010-04-01/Accounts/${sid}/Messages.json --data-urlencode "Body=hi" -u ${sid}:${value}`,
    `from twilio.rest import Client\nclient = Client("${sid}", "${value}")`,
  ]);
  return { context: "twilio", text, secrets: [{ kind: "twilio_auth_token", value }], benign: [{ category: "account_sid", value: sid }] };
}

export const FORMAT_LEVEL_SECRET_CASES: CaseBuilder[] = [gluedToken, gluedToken, labelledSsn, labelledSin, labelledNino, dinersCard, presignedUrl, datadogApplicationKey, twilioAuthToken];

const b64 = (s: string) => Buffer.from(s).toString("base64");

function certificatePem(r: Rng): string {
  return ["-----BEGIN CERTIFICATE-----", ...Array.from({ length: r.int(4, 12) }, () => r.chars(A.base64, 64)), "-----END CERTIFICATE-----", ""].join("\n");
}

export const FORMAT_LEVEL_BENIGN_CASES: CaseBuilder[] = [
  (r) => {
    const attribute = r.pick(["password", "secret_string", "master_password", "token"]);
    return { context: "terraform", text: `  # aws_db_instance.main will be updated in-place\n  ~ resource "aws_db_instance" "main" {\n      ~ ${attribute} = (sensitive value)\n        id = "db-${r.chars(A.lower, 6)}"\n    }`, secrets: [], benign: [{ category: "terraform_marker", value: `${attribute} = (sensitive value)` }] };
  },
  (r) => {
    const arn = `arn:aws:secretsmanager:${r.pick(["eu-west-1", "us-east-1"])}:${r.chars(A.digits, 12)}:secret:${r.pick(["prod", "staging"])}/${r.pick(["db", "api", "smtp"])}/${r.pick(["password", "token", "credentials"])}-${r.chars(A.base62, 6)}`;
    const text = r.pick([`aws secretsmanager get-secret-value --secret-id ${arn} --query VersionId`, `{"secrets": [{"name": "DB_PASSWORD", "valueFrom": "${arn}:password::"}]}`, `secret_arn = "${arn}"`]);
    return { context: "arn", text, secrets: [], benign: [{ category: "arn", value: arn }] };
  },
  (r) => {
    const crt = b64(certificatePem(r));
    const key = b64(V.privateKeyPem(r));
    const text = `apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\nmetadata:\n  name: ${r.pick(["web", "api"])}-tls\ndata:\n  tls.crt: ${crt}\n  tls.key: ${key}`;
    return { context: "kubectl-tls", text, secrets: [{ kind: "kubernetes_secret", value: key }], benign: [{ category: "certificate", value: crt }] };
  },
  (r) => {
    const project = `acme-${r.pick(["prod", "staging", "data"])}-${r.int(100, 999)}`;
    const email = `${r.pick(["deployer", "ci-runner", "etl"])}@${project}.iam.gserviceaccount.com`;
    const keyId = r.chars(A.hex, 40);
    const line = r.chars(A.base64, 64);
    const pem = V.privateKeyPem(r, "\\n").replace(/\\n[^\\]+\\n/, `\\n${line}\\n`);
    const text = `{\n  "type": "service_account",\n  "project_id": "${project}",\n  "private_key_id": "${keyId}",\n  "private_key": "${pem}",\n  "client_email": "${email}",\n  "client_id": "${r.chars(A.digits, 21)}",\n  "token_uri": "https://oauth2.googleapis.com/token"\n}`;
    return {
      context: "gcp-key-file",
      text,
      secrets: [{ kind: "gcp_service_account_key", value: keyId }, { kind: "gcp_service_account_key", value: line }],
      benign: [{ category: "service_account", value: email }, { category: "service_account", value: `"project_id": "${project}"` }, { category: "service_account", value: "https://oauth2.googleapis.com/token" }],
    };
  },
  (r) => {
    // Prefixes inside ordinary identifiers, with too little or the wrong shape after them.
    const name = r.pick([`prod-task-WorkerService-${r.chars(A.upper + A.digits, 12)}`, `risk-Assessment${r.int(2020, 2029)}Q${r.int(1, 4)}ReportFinal`, "my_ghp_token_is_short", `use_secret_${r.chars(A.lower, 8)}`, `monkey-patch-${r.chars(A.lower, 6)}`]);
    return { context: "glued-lookalike", text: `kubectl logs deploy/${name.toLowerCase()} # ${name}`, secrets: [], benign: [{ category: "identifier", value: name }] };
  },
  (r) => {
    // Weak shapes without their label: order numbers, a Luhn-valid 14-digit id, a payload hash, a SID alone.
    const order = `${r.int(100, 899)}${r.chars(A.digits, 6)}`;
    const id14 = V.luhnComplete("36", 14, r);
    const payloadHash = r.chars(A.hex, 64);
    const sid = `AC${r.chars(A.hex, 32)}`;
    return {
      context: "lookalike-numbers",
      text: `order ${order} batch ${id14} shipped\nx-amz-content-sha256: ${payloadHash}\nGET /2010-04-01/Accounts/${sid}/Calls.json`,
      secrets: [],
      benign: [{ category: "number", value: order }, { category: "number", value: id14 }, { category: "digest", value: payloadHash }, { category: "account_sid", value: sid }],
    };
  },
];
