import { isLuhnValid } from "../luhn";
import { ALPHABETS as A, createRng, mixedChars, type Rng } from "./random";
import * as V from "./secret-values";
import { FORMAT_LEVEL_BENIGN_CASES, FORMAT_LEVEL_SECRET_CASES } from "./format-cases";
import { STRUCTURE_BENIGN_CASES, STRUCTURE_SECRET_CASES } from "./structure-cases";

export type LabelledCase = {
  context: string;
  text: string;
  /** Values that must not survive masking, with the kind the engine should give them. */
  secrets: Array<{ kind: string; value: string }>;
  /** Look-alikes that must survive masking verbatim. */
  benign: Array<{ category: string; value: string }>;
};

const timestamp = (r: Rng) => new Date(Date.UTC(2024, r.int(0, 11), r.int(1, 28), r.int(0, 23), r.int(0, 59), r.int(0, 59))).toISOString();
const uuid = (r: Rng) => `${r.chars(A.hex, 8)}-${r.chars(A.hex, 4)}-4${r.chars(A.hex, 3)}-a${r.chars(A.hex, 3)}-${r.chars(A.hex, 12)}`;
const password = (r: Rng) => mixedChars(r, A.base62 + "!*-_.", r.int(10, 32));
const b64 = (s: string) => Buffer.from(s).toString("base64");

/** Neutral places a formatted token turns up in: nothing around it says "secret". */
const NEUTRAL_WRAPPERS: Array<[string, (v: string, r: Rng) => string]> = [
  ["shell", (v) => `curl -sS https://api.example.com/v1/uploads -d 'value=${v}' -o /tmp/out.json`],
  ["log", (v, r) => `${timestamp(r)} INFO worker[${r.int(100, 9999)}] loaded credential ${v} from cache`],
  ["json", (v) => `{"integration": "ci", "value": "${v}", "enabled": true}`],
  ["yaml", (v) => `env:\n  - name: UPLOAD_TARGET\n    value: ${v}\n  - name: REGION\n    value: eu-west-1`],
  ["hcl", (v) => `resource "example_integration" "ci" {\n  setting = "${v}"\n  region  = "eu-west-1"\n}`],
  ["sql", (v) => `INSERT INTO integrations (name, config) VALUES ('ci', '${v}');`],
  ["http", (v, r) => `POST /hooks HTTP/1.1\nHost: api.example.com\nX-Request-Id: ${uuid(r)}\nContent-Type: application/json\n\n{"v":"${v}"}`],
  ["stack-trace", (v) => `Traceback (most recent call last):\n  File "/app/main.py", line 42, in <module>\n    client.connect()\nValueError: rejected ${v}`],
  ["kubectl", (v) => `NAME       TYPE     DATA   AGE\nci-config  Opaque   1      3d\n# last-applied: ${v}`],
  ["json-in-json", (v) => `{"event": "job", "body": "{\\"value\\": \\"${v}\\", \\"n\\": 1}"}`],
];

/** Places a random secret is recognisable only by the name it is assigned to. */
const PASSWORD_CONTEXTS: Array<[string, (v: string, r: Rng) => string]> = [
  ["env", (v) => `DB_HOST=db.internal\nDB_PASSWORD=${v}\nDB_PORT=5432`],
  ["yaml", (v) => `database:\n  host: db.internal\n  password: ${v}\n  pool: 10`],
  ["json", (v) => `{"user": "app", "dbPassword": "${v}", "port": 5432}`],
  ["hcl", (v) => `resource "aws_db_instance" "main" {\n  username = "app"\n  password = "${v}"\n}`],
  ["ini", (v) => `[client]\nuser = app\npassword = ${v}\nhost = db.internal`],
  ["shell", (v) => `./migrate --host db.internal --password=${v} --dry-run`],
  ["shell", (v) => `./migrate --host db.internal --password ${v} --dry-run`],
  ["shell", (v) => `mysql -h db.internal -u app -p'${v}' orders`],
  ["shell", (v) => `PGPASSWORD=${v} psql -h db.internal -U app -c 'select 1'`],
  ["sql", (v) => `CREATE USER 'app'@'%' IDENTIFIED BY '${v}';`],
  ["sql", (v) => `ALTER ROLE app WITH LOGIN PASSWORD '${v}';`],
  ["xml", (v) => `<datasource>\n  <username>app</username>\n  <password>${v}</password>\n</datasource>`],
  ["log", (v, r) => `${timestamp(r)} DEBUG connecting with options {user=app, password=${v}, ssl=true}`],
  ["json-in-json", (v) => `{"payload": "{\\"user\\":\\"app\\",\\"password\\":\\"${v}\\"}"}`],
  ["compose", (v) => `services:\n  db:\n    environment:\n      - POSTGRES_PASSWORD=${v}\n      - POSTGRES_DB=app`],
  ["yaml-block", (v) => `database:\n  password: |\n    ${v}\n  pool: 10`],
  ["yaml-block", (v) => `- name: smtp\n  smtp_password: >-\n    ${v}\n- name: next`],
  ["xml-attribute", (v) => `<connectionStrings>\n  <add name="main" user="app" password="${v}" />\n</connectionStrings>`],
  ["xml-appsettings", (v) => `<appSettings>\n  <add key="LogLevel" value="Info" />\n  <add key="DbPassword" value="${v}" />\n</appSettings>`],
  ["xml-property", (v) => `<property name="hibernate.connection.password" value="${v}"/>`],
  ["xml-cdata", (v) => `<credentials>\n  <password><![CDATA[${v}]]></password>\n</credentials>`],
];

type CaseBuilder = (r: Rng) => LabelledCase;

function formatCase(kind: V.FormatKind): CaseBuilder {
  return (r) => {
    const value = V.FORMAT_GENERATORS[kind](r);
    const [context, wrap] = r.pick(NEUTRAL_WRAPPERS);
    return { context, text: wrap(value, r), secrets: [{ kind, value }], benign: [] };
  };
}

function keyedCase(kind: string, contexts: Array<[string, (v: string, r: Rng) => string]>, value: (r: Rng) => string): CaseBuilder {
  return (r) => {
    const v = value(r);
    const [context, wrap] = r.pick(contexts);
    return { context, text: wrap(v, r), secrets: [{ kind, value: v }], benign: [] };
  };
}

const one = (kind: string, context: string, value: (r: Rng) => string, wrap: (v: string, r: Rng) => string): CaseBuilder =>
  keyedCase(kind, [[context, wrap]], value);

const SECRET_CASES: CaseBuilder[] = [
  ...V.FORMAT_KINDS.map(formatCase),
  keyedCase("password", PASSWORD_CONTEXTS, password),
  keyedCase("password", [
    ["url", (v) => `DATABASE_URL=postgres://app:${v}@db.internal:5432/app?sslmode=require`],
    ["url", (v) => `redis-cli -u redis://default:${v}@cache.internal:6379/0 ping`],
    ["url", (v) => `{"broker": "amqp://worker:${v}@mq.internal:5672/vhost"}`],
    ["shell", (v) => `curl -u deploy:${v} https://artifacts.example.com/upload -T build.tgz`],
  ], (r) => mixedChars(r, A.base62, r.int(10, 30))),
  one("aws_secret_access_key", "credentials-file", (r) => mixedChars(r, A.base64, 40), (v, r) => `[default]\naws_access_key_id = AKIA${r.chars(A.base32, 16)}\naws_secret_access_key = ${v}\nregion = eu-west-1`),
  one("aws_secret_access_key", "csv", (r) => mixedChars(r, A.base64, 40), (v, r) => `Access key ID,Secret access key\nAKIA${r.chars(A.base32, 16)},${v}`),
  one("aws_secret_access_key", "json", (r) => mixedChars(r, A.base64, 40), (v, r) => `{"Credentials": {"AccessKeyId": "ASIA${r.chars(A.base32, 16)}", "SecretAccessKey": "${v}", "Expiration": "${timestamp(r)}"}}`),
  one("azure_storage_account_key", "connection-string", (r) => r.chars(A.base64, 86) + "==", (v) => `AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey=${v};EndpointSuffix=core.windows.net"`),
  one("azure_sas_token", "url", (r) => encodeURIComponent(r.chars(A.base64, 43) + "="), (v, r) => `az storage blob download --blob-url "https://acme.blob.core.windows.net/exports/${uuid(r)}.csv?sv=2022-11-02&ss=b&srt=o&sp=r&se=2025-06-01T00:00:00Z&spr=https&sig=${v}"`),
  one("sentry_dsn", "env", (r) => r.chars(A.hex, 32), (v, r) => `SENTRY_DSN=https://${v}@o${r.chars(A.digits, 6)}.ingest.sentry.io/${r.chars(A.digits, 7)}`),
  one("datadog_api_key", "env", (r) => r.chars(A.hex, 32), (v) => `DD_API_KEY=${v}\nDD_SITE=datadoghq.eu`),
  one("twilio_auth_token", "env", (r) => r.chars(A.hex, 32), (v, r) => `TWILIO_ACCOUNT_SID=AC${r.chars(A.hex, 32)}\nTWILIO_AUTH_TOKEN=${v}`),
  one("heroku_api_key", "env", uuid, (v) => `HEROKU_API_KEY=${v} heroku apps:info -a acme`),
  one("cloudflare_api_token", "env", (r) => r.chars(A.base64url, 40), (v) => `export CLOUDFLARE_API_TOKEN=${v}`),
  one("okta_api_token", "yaml", (r) => "00" + r.chars(A.base64url, 40), (v) => `okta:\n  orgUrl: https://acme.okta.com\n  okta_api_token: ${v}`),
  one("bearer_token", "http", (r) => mixedChars(r, A.base64url, r.int(24, 64)), (v) => `GET /v1/me HTTP/1.1\nHost: api.example.com\nAuthorization: Bearer ${v}\nAccept: */*`),
  one("bearer_token", "shell", (r) => mixedChars(r, A.base64url, r.int(24, 64)), (v) => `curl -H "Authorization: Bearer ${v}" https://api.example.com/v1/me`),
  one("basic_auth", "http", (r) => b64(`deploy:${password(r)}`), (v) => `Authorization: Basic ${v}\nUser-Agent: curl/8.5.0`),
  one("cookie", "http", (r) => mixedChars(r, A.base64url, 32), (v) => `GET / HTTP/1.1\nCookie: sessionid=${v}; theme=dark\nHost: app.example.com`),
  one("session_id", "json", (r) => mixedChars(r, A.base62, 32), (v) => `{"session_id": "${v}", "user": "u_123"}`),
  one("api_key", "http", (r) => mixedChars(r, A.base62, 32), (v) => `x-api-key: ${v}\naccept: application/json`),
  one("api_key", "json-number", (r) => String(r.int(10_000_000, 999_999_999)), (v) => `{"apiKey": ${v}, "region": "eu"}`),
  one("access_token", "json", (r) => mixedChars(r, A.base62, 40), (v) => `{"access_token": "${v}", "token_type": "Bearer", "expires_in": 3600}`),
  one("oauth_client_secret", "query", (r) => mixedChars(r, A.base62, 32), (v) => `POST /oauth/token\n\ngrant_type=client_credentials&client_id=app&client_secret=${v}&scope=read`),
  one("secret", "yaml", (r) => mixedChars(r, A.base62, 24), (v) => `webhook:\n  url: https://ci.example.com/hook\n  webhook_secret: "${v}"`),
  one("generic_secret", "json", (r) => mixedChars(r, A.base64, 44), (v) => `{"algorithm": "HS256", "signature": "${v}"}`),
  one("kubernetes_secret", "kubectl", (r) => b64(password(r)), (v) => `apiVersion: v1\ndata:\n  password: ${v}\n  username: YXBw\nkind: Secret\nmetadata:\n  name: db-credentials\ntype: Opaque`),
  one("auth_token", "docker-config", (r) => b64(`ci:${password(r)}`), (v) => `{"auths": {"registry.example.com": {"auth": "${v}"}}}`),
  one("private_key", "pem", (r) => r.chars(A.base64, 64), (v, r) => V.privateKeyPem(r).replace(/\n[^\n]+\n/, `\n${v}\n`)),
  one("private_key", "json-escaped", (r) => r.chars(A.base64, 64), (v, r) => `{"tls": {"key": "${V.privateKeyPem(r, "\\n").replace(/\\n[^\\]+\\n/, `\\n${v}\\n`)}"}}`),
  one("private_key", "putty", (r) => r.chars(A.base64, 64), (v, r) => `cat ~/.ssh/deploy.ppk\n${V.puttyKeyFile(r, v)}\n$ pageant deploy.ppk`),
  one("private_key", "putty-json", (r) => r.chars(A.base64, 64), (v, r) => `{"name": "deploy.ppk", "content": "${V.puttyKeyFile(r, v, "\\n")}"}`),
  one("private_key", "yaml-block", (r) => r.chars(A.base64, 64), (v, r) => `tls:\n  key: |\n    ${V.privateKeyPem(r).replace(/\n[^\n]+\n/, `\n${v}\n`).split("\n").join("\n    ")}`),
  (r) => {
    const keyId = r.chars(A.hex, 40);
    const line = r.chars(A.base64, 64);
    const pem = V.privateKeyPem(r, "\\n").replace(/\\n[^\\]+\\n/, `\\n${line}\\n`);
    const text = `{\n  "type": "service_account",\n  "project_id": "acme-prod",\n  "private_key_id": "${keyId}",\n  "private_key": "${pem}",\n  "client_email": "deployer@acme-prod.iam.gserviceaccount.com"\n}`;
    return { context: "gcp-key-file", text, secrets: [{ kind: "gcp_service_account_key", value: keyId }, { kind: "gcp_service_account_key", value: line }], benign: [] };
  },
  // Nested encodings
  (r) => {
    const v = password(r);
    const blob = b64(JSON.stringify({ user: "app", password: v }));
    return { context: "base64", text: `{"config_b64": "${blob}"}`, secrets: [{ kind: "password", value: blob }, { kind: "password", value: v }], benign: [] };
  },
  (r) => {
    const token = V.FORMAT_GENERATORS.github_token(r);
    const blob = b64(`git clone https://x-access-token:${token}@github.com/acme/app.git`);
    return { context: "base64", text: `echo ${blob} | base64 -d | sh`, secrets: [{ kind: "github_token", value: blob }], benign: [] };
  },
  (r) => {
    const v = mixedChars(r, A.base62, 20);
    const encoded = encodeURIComponent(`https://svc:${v}@internal.example.com/callback`);
    return { context: "url-encoded", text: `GET /login?next=${encoded}&lang=en HTTP/1.1`, secrets: [{ kind: "password", value: v }], benign: [] };
  },
  // Personal data
  keyedCase("email", [
    ["log", (v, r) => `${timestamp(r)} INFO password reset requested by ${v}`],
    ["json", (v) => `{"customer": {"email": "${v}", "plan": "pro"}}`],
    ["git", (v) => `Author: Dev <${v}>\nDate:   Mon Jan 15 10:00:00 2024 +0100`],
  ], V.email),
  keyedCase("phone_number", [
    ["json", (v) => `{"contact": {"phone": "${v}", "country": "GB"}}`],
    ["log", (v, r) => `${timestamp(r)} WARN sms delivery failed to ${v} (carrier timeout)`],
  ], V.phoneNumber),
  keyedCase("payment_card", [
    ["json", (v) => `{"payment": {"card": "${v}", "exp": "12/27"}}`],
    ["log", (v) => `charge failed for card ${v}: insufficient funds`],
    // Digits on either side must not hide the card: an expiry after it, a reference before it.
    ["text", (v) => `Card: ${v} 12/27 CVC on file`],
    ["log", (v, r) => `refund ref ${r.chars(A.digits, 4)} ${r.chars(A.digits, 4)} ${v} approved`],
  ], V.paymentCard),
  keyedCase("iban", [["sql", (v) => `UPDATE payouts SET iban = '${v}' WHERE id = 42;`], ["json", (v) => `{"beneficiary": "ACME GmbH", "iban": "${v}"}`]], V.iban),
  keyedCase("us_ssn", [["json", (v) => `{"applicant": {"ssn": "${v}"}}`], ["log", (v) => `verification mismatch for SSN ${v}`]], V.usSsn),
  keyedCase("national_id", [["json", (v) => `{"document": {"number": "${v}"}}`], ["log", (v) => `KYC: id ${v} verified`]], V.nationalId),
  keyedCase("ip_address", [
    ["log", (v) => `method=GET path=/login status=401 client_ip=${v} duration=12ms`],
    ["json", (v) => `{"remote_addr": "${v}", "path": "/login"}`],
    ["http", (v) => `GET /login HTTP/1.1\nHost: app.example.com\nX-Forwarded-For: ${v}, 10.0.0.12`],
  ], V.ipAddress),
  keyedCase("customer_id", [["log", (v) => `refund issued to ${v} for invoice in_42`], ["json", (v) => `{"customer": "${v}"}`]], (r) =>
    r.chance(0.5) ? "cus_" + r.chars(A.base62, 14) : "ACME-" + r.chars(A.digits, 8)),
  // Format-level rules of issue 8 (glued tokens, labelled ids, context credentials): format-cases.ts.
  ...FORMAT_LEVEL_SECRET_CASES,
  ...STRUCTURE_SECRET_CASES,
];

/** Look-alikes reviewers need to see: identifiers, digests, references, public keys, ordinary numbers. */
const BENIGN_CASES: Array<(r: Rng) => LabelledCase> = [
  (r) => {
    const sha = r.chars(A.hex, 40);
    return { context: "git", text: `commit ${sha}\nMerge: ${sha.slice(0, 7)} ${r.chars(A.hex, 7)}`, secrets: [], benign: [{ category: "git_sha", value: sha }] };
  },
  (r) => {
    const d = `sha256:${r.chars(A.hex, 64)}`;
    return { context: "docker", text: `Digest: ${d}\nStatus: Downloaded newer image for nginx@${d}`, secrets: [], benign: [{ category: "digest", value: d }] };
  },
  (r) => {
    const id = uuid(r);
    return { context: "json", text: `{"request_id": "${id}", "idempotency_key": "${uuid(r)}"}`, secrets: [], benign: [{ category: "uuid", value: id }] };
  },
  (r) => {
    const ts = timestamp(r);
    const epoch = String(r.int(1.6e9, 1.8e9));
    const ms = String(r.int(1.6e12, 1.8e12));
    return { context: "log", text: `${ts} took 12ms at=${epoch} ts_ms=${ms}`, secrets: [], benign: [{ category: "timestamp", value: ts }, { category: "timestamp", value: epoch }, { category: "timestamp", value: ms }] };
  },
  (r) => {
    const v = `${r.int(0, 30)}.${r.int(0, 40)}.${r.int(0, 200)}`;
    return { context: "package", text: `"dependencies": {"react": "^${v}", "next": "16.4.6"}\nnpm install react@${v}`, secrets: [], benign: [{ category: "version", value: v }] };
  },
  (r) => {
    const arn = `arn:aws:iam::${r.chars(A.digits, 12)}:role/${r.pick(["deploy", "ci-runner", "readonly"])}`;
    return { context: "json", text: `{"RoleArn": "${arn}", "RoleSessionName": "agent"}`, secrets: [], benign: [{ category: "arn", value: arn }] };
  },
  (r) => {
    const path = `/var/lib/${r.pick(["postgresql", "mysql", "redis"])}/data/${r.chars(A.lower, 6)}`;
    return { context: "shell", text: `rm -rf ${path} && ls -la /etc/ssl/private`, secrets: [], benign: [{ category: "path", value: path }] };
  },
  (r) => {
    const host = `${r.pick(["db", "api", "cache"])}-${r.int(1, 9)}.${r.pick(["internal", "prod"])}.example.com`;
    return { context: "url", text: `psql -h ${host} -U app -d orders\nhttps://${host}:8443/health`, secrets: [], benign: [{ category: "hostname", value: host }] };
  },
  (r) => {
    const table = r.pick(["users", "orders", "payment_methods", "api_keys", "password_resets", "sessions"]);
    const column = r.pick(["email_verified", "token_hash", "password_changed_at", "secret_name", "key_id"]);
    return { context: "sql", text: `ALTER TABLE ${table} ADD COLUMN ${column} text;\nSELECT ${column} FROM ${table} LIMIT 10;`, secrets: [], benign: [{ category: "schema_name", value: `${table} ADD COLUMN ${column}` }] };
  },
  (r) => {
    const file = `/run/secrets/${r.pick(["db", "api", "smtp"])}_password`;
    const name = `${r.pick(["prod", "staging"])}-db-credentials`;
    return {
      context: "yaml",
      text: `password_file: ${file}\nsecret_name: ${name}\npassword: \${DB_PASSWORD}\ntoken: "{{ .Values.token }}"\nmax_tokens: 4096\ntoken_type: Bearer`,
      secrets: [],
      benign: [{ category: "reference", value: file }, { category: "reference", value: name }, { category: "reference", value: "${DB_PASSWORD}" }, { category: "reference", value: "{{ .Values.token }}" }, { category: "number", value: "4096" }],
    };
  },
  (r) => {
    const pk = "pk_live_" + r.chars(A.base62, 24);
    return { context: "js", text: `const stripe = Stripe("${pk}");`, secrets: [], benign: [{ category: "public_key", value: pk }] };
  },
  (r) => {
    const pub = `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${r.chars(A.base64, 43)} deploy@ci`;
    return { context: "ssh", text: `echo '${pub}' >> ~/.ssh/authorized_keys`, secrets: [], benign: [{ category: "public_key", value: pub.slice(0, 60) }] };
  },
  (r) => {
    const line = r.chars(A.base64, 64);
    return { context: "pem", text: `-----BEGIN CERTIFICATE-----\n${line}\n-----END CERTIFICATE-----`, secrets: [], benign: [{ category: "certificate", value: line }] };
  },
  (r) => {
    const amount = `$${r.int(1, 99)},${r.int(100, 999)}.${r.int(10, 99)}`;
    const order = `ORD-2024-${r.chars(A.digits, 6)}`;
    return { context: "log", text: `invoice ${order} total ${amount} status=200 port=5432`, secrets: [], benign: [{ category: "number", value: amount }, { category: "identifier", value: order }] };
  },
  (r) => {
    const ip = `10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;
    return { context: "config", text: `upstream api { server ${ip}:8080; }\nhost: ${ip}`, secrets: [], benign: [{ category: "server_ip", value: ip }] };
  },
  (r) => {
    const value = r.pick(["log_level=debug", "feature.flags=beta", "warm"]);
    return { context: "kubectl", text: `apiVersion: v1\ndata:\n  settings: ${value}\nkind: ConfigMap\nmetadata:\n  name: app-config`, secrets: [], benign: [{ category: "configmap", value }] };
  },
  (r) => {
    const n = `4${r.chars(A.digits, 3)} ${r.chars(A.digits, 4)} ${r.chars(A.digits, 4)} ${r.chars(A.digits, 4)}`;
    const digits = n.replace(/ /g, "");
    // Only keep Luhn-invalid numbers: that is the look-alike.
    const valid = isLuhnValid(digits);
    const text = valid ? `tracking 1Z${r.chars(A.digits, 12)}` : `tracking number ${n}`;
    return { context: "log", text, secrets: [], benign: valid ? [] : [{ category: "luhn_invalid", value: n }] };
  },
  (r) => {
    const hash = r.chars(A.hex, 64);
    return { context: "json", text: `{"cache_key": "${hash}", "etag": "W/\\"${r.chars(A.hex, 16)}\\""}`, secrets: [], benign: [{ category: "digest", value: hash }] };
  },
  (r) => {
    const words = r.pick(["the password reset flow sends a token by email", "rotate the key before the session expires", "token bucket limits apply per key"]);
    return { context: "prose", text: `Note: ${words}. See RFC 6749 section 4.1.`, secrets: [], benign: [{ category: "prose", value: words }] };
  },
  (r) => {
    const value = r.pick(["Debug", "Strict", "orders-db", "true", "12"]);
    const key = r.pick(["LogLevel", "PasswordPolicy", "TokenLifetimeMinutes", "SecretName", "password.length"]);
    return { context: "xml-appsettings", text: `<appSettings>\n  <add key="${key}" value="${value}" />\n</appSettings>`, secrets: [], benign: [{ category: "xml_setting", value: `value="${value}"` }] };
  },
  (r) => {
    const line = r.pick(["rotates the password nightly", "token bucket per key", "see the secrets runbook"]);
    return { context: "yaml-block", text: `job:\n  description: |\n    ${line}\n  schedule: "0 3 * * *"`, secrets: [], benign: [{ category: "prose", value: line }] };
  },
  (r) => {
    const row = `${r.int(10000, 99999)} ${r.int(10000, 99999)} ${r.int(10000, 99999)}`;
    const build = `0${r.int(1, 9)}-20${r.int(10, 29)}0${r.int(1, 9)}1${r.int(0, 9)}`;
    return { context: "log", text: `df -k: /dev/sda1 ${row} 42% /\nbuild ${build} ok\nchmod 0644 /etc/app.conf`, secrets: [], benign: [{ category: "number", value: row }, { category: "version", value: build }] };
  },
  (r) => {
    const id = `${r.chars(A.hex, 8)}-${r.chars(A.hex, 4)}-4${r.chars(A.hex, 3)}-a${r.chars(A.hex, 3)}-${r.chars(A.hex, 12)}`;
    const digest = r.chars(A.hex, 32);
    return { context: "log", text: `request ${id} etag ${digest}-${r.chars(A.hex, 8)} EAAB-compliance review`, secrets: [], benign: [{ category: "uuid", value: id }, { category: "digest", value: digest }, { category: "prose", value: "EAAB-compliance" }] };
  },
  (r) => {
    const date = `2024-${String(r.int(1, 12)).padStart(2, "0")}-${String(r.int(1, 28)).padStart(2, "0")}`;
    return { context: "log", text: `backup ${date} completed in 42.5s (1.2.3.4 -> s3://backups/${date}/db.dump)`, secrets: [], benign: [{ category: "timestamp", value: date }, { category: "path", value: `s3://backups/${date}/db.dump` }] };
  },
  // Public material and look-alikes of issue 8's format-level rules: format-cases.ts.
  ...FORMAT_LEVEL_BENIGN_CASES,
  ...STRUCTURE_BENIGN_CASES,
];

/**
 * A labelled corpus: `size` cases drawn from realistic contexts, each secret freshly generated from
 * its format, each benign look-alike freshly generated too.
 */
export function generateCorpus(seed: number, size: number): LabelledCase[] {
  const r = createRng(seed);
  return Array.from({ length: size }, (_, i) => (i % 4 === 3 ? r.pick(BENIGN_CASES) : r.pick(SECRET_CASES))(r));
}

export const CORPUS_CUSTOM_PATTERNS = [
  { kind: "customer_id", pattern: "cus_[A-Za-z0-9]{14}", description: "Stripe customer id" },
  { kind: "customer_id", pattern: "ACME-\\d{8}", description: "ACME account number" },
];
