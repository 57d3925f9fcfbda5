import { readAssignedValue, readValue, readXmlNamedValue } from "../assigned-value";
import { looksRandom } from "../entropy";
import { PRIORITY } from "../priority";
import { isReferenceValue } from "../reference-values";
import { requiredGroup, requiredGroupSpan } from "../scan";
import { IDENTIFIED_WORD, wordTrie } from "../text-facts";
import type { Detector, Finding } from "../types";
import { authorizationFindings, cookieFindings, headerValueEnd } from "./http-credentials";

/** Fragments of every secret-naming key; a hit is widened to the whole key, then parsed by hand.
 * The same words as the facts' KEY_STEM group (text-facts.ts). */
const KEY_STEM = new RegExp(wordTrie(["pass", "pwd", "secret", "token", "key", "auth", "cred", "cookie", "sess", "salt", "hmac", "sig", "seed"]), "gi");
const MAX_KEY = 64;

function isKeyChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 45 || code === 46;
}

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 160 || code === 0xfeff || (code >= 0x2000 && code <= 0x3000);
}

/** What ends the ARN a key may sit in: blanks, quotes and what delimits a value around it. */
function endsArn(code: number): boolean {
  // space (and controls) " ' ` = , ( [ { < >
  return code <= 32 || code === 34 || code === 39 || code === 96 || code === 61 || code === 44 || code === 40 || code === 91 || code === 123 || code === 60 || code === 62;
}

const MAX_ARN = 256;

/**
 * Whether the key sits inside an AWS ARN (`arn:aws:secretsmanager:…:secret:prod/db-AbCdEf`,
 * `…:secret:name:password::` in an ECS `valueFrom`): an ARN names a resource, it holds no secret.
 */
function insideArn(text: string, keyStart: number): boolean {
  let i = keyStart;
  while (i > 0 && keyStart - i < MAX_ARN && !endsArn(text.charCodeAt(i - 1))) i--;
  return text.startsWith("arn:", i) && i < keyStart;
}

function pushValue(text: string, start: number, end: number, kind: Finding["kind"], quote: boolean, out: Finding[]): void {
  out.push({ start, end, kind, priority: PRIORITY.context, quote });
}

/**
 * `key <sep> value` where the key names a secret, in env files, YAML, JSON (also escaped inside
 * JSON strings), HCL, INI, XML, query strings, HTTP headers and command-line flags
 * (`--password=x`, `--password x`, SQL `PASSWORD 'x'`).
 */
export const detectSecretAssignments: Detector = (text, out, facts) => {
  // The facts' word scan found the first stem (the same one this regex finds first), or none.
  const firstStem = facts.firstKeyStem();
  if (firstStem < 0) return;
  KEY_STEM.lastIndex = firstStem;
  let m: RegExpExecArray | null;
  while ((m = KEY_STEM.exec(text)) !== null) {
    let keyEnd = m.index + m[0].length;
    while (keyEnd < text.length && isKeyChar(text.charCodeAt(keyEnd)) && keyEnd - m.index < MAX_KEY) keyEnd++;
    KEY_STEM.lastIndex = keyEnd;
    let keyStart = m.index;
    while (keyStart > 0 && isKeyChar(text.charCodeAt(keyStart - 1)) && m.index - keyStart < MAX_KEY) keyStart--;
    const key = text.slice(keyStart, keyEnd);
    // Keys repeat through a text and across a call's strings (a YAML file, a JSON context): classified once per call.
    const rule = facts.memo.secretKey(key);
    if (rule === null) continue;
    const flag = key.startsWith("-");
    // SQL `PASSWORD 'x'`: a blank must follow the key (checked first: this runs for every key hit).
    const sqlPassword = isSpace(text.charCodeAt(keyEnd)) && /^passw(?:or)?d$/i.test(key) && /^\s+'/.test(text.slice(keyEnd, keyEnd + 17));
    const value = readAssignedValue(text, keyStart, keyEnd, flag || sqlPassword) ?? readXmlNamedValue(text, keyStart, keyEnd);
    if (value === null) continue;
    KEY_STEM.lastIndex = value.end;
    if (insideArn(text, keyStart)) continue;
    if (rule.mode === "authorization" || rule.mode === "cookie" || rule.mode === "set-cookie") {
      const end = value.quoted ? value.end : headerValueEnd(text, value.start);
      // The scan resumes where the header's value ends, not where the reader stopped: at the start
      // of a line that reader takes the whole YAML line, and what follows a closing quote on it
      // (`Authorization: Bearer x' --data "db_password=…"`) has keys of its own.
      KEY_STEM.lastIndex = end;
      if (rule.mode === "authorization") authorizationFindings(text, value.start, end, out);
      else cookieFindings(text, value.start, end, rule.mode === "set-cookie", out);
      continue;
    }
    const raw = text.slice(value.start, value.end);
    if (isReferenceValue(raw)) continue;
    if (rule.mode === "random" && !looksRandom(raw)) {
      // `key="DbPassword"`: a short quoted value can itself name a secret (XML settings); look inside.
      if (value.quoted && value.end - value.start <= 128) KEY_STEM.lastIndex = value.start;
      continue;
    }
    pushValue(text, value.start, value.end, rule.kind, value.jsonScalar, out);
  }
};

const SQL_IDENTIFIED_BY = /\bIDENTIFIED\s+(?:WITH\s+[A-Za-z_]+\s+)?BY\s+(?:PASSWORD\s+)?/gi;
const CURL_USER = /(?:^|\s)(?:-u|--user)\s*['"]?[^\s:'"]{1,128}:([^\s'"]{1,512})/dg;
/** `'X'`, `"X"` or a bare X: the three ways a shell passes an argument, as groups 1, 2 and 3. */
const ARGUMENT = `(?:'([^'\\n]{1,256})'|"([^"\\n]{1,256})"|([^\\s'"-][^\\s'"]{0,255}))`;
const argumentAfter = (prefix: string) => new RegExp(`${prefix}${ARGUMENT}`, "dg");
/** A short flag and the argument after it, glued, after `=` or after blanks: `-pX`, `-p=X`, `-p 'X'`. */
const shortFlag = (flag: string) => argumentAfter(`(?:^|\\s)-${flag}(?:=|[ \\t]+)?`);
/** A flag of a word or more, and the argument after blanks or `=`: `-storepass X`. */
const longFlag = (flag: string) => argumentAfter(`(?:^|\\s)-${flag}(?:=|[ \\t]+)`);

/**
 * Passwords that commands take as an argument with no key to go by, each command recognised earlier
 * on the line (`command`); `word` (or one of the words) is in every line it is on, so a text
 * without it is not scanned.
 * mysql's `-p` takes the password only glued (`-p X` prompts and names a database).
 */
const PASSWORD_ARGUMENTS: { word: string | string[]; command: RegExp; argument: RegExp; kind?: Finding["kind"] }[] = [
  { word: "mysql", command: /\b(?:mysql|mysqldump|mysqladmin)\b/, argument: argumentAfter("(?:^|\\s)-p") },
  { word: "mariadb", command: /\bmariadb\b/, argument: argumentAfter("(?:^|\\s)-p") },
  // Registry and cloud logins: docker login -u me -p X, az login -u id -p X.
  { word: "login", command: /\b(?:docker|podman|nerdctl|buildah|skopeo|oras|crane|regctl|helm|az)\b.*\blogin\b/, argument: shortFlag("p") },
  { word: "sshpass", command: /\bsshpass\b/, argument: shortFlag("p") },
  { word: "redis-cli", command: /\bredis-cli\b/, argument: shortFlag("a") },
  { word: "ldap", command: /\bldap[a-z]+\b/, argument: shortFlag("w") },
  { word: "-P", command: /\b(?:sqlcmd|bcp|osql|isql)\b/, argument: shortFlag("P") },
  { word: "openssl", command: /\bopenssl\b/, argument: longFlag("k") },
  { word: "keytool", command: /\bkeytool\b/, argument: longFlag("(?:src|dest)?(?:store|key)pass") },
  // smbclient -U user%X: the password after the user name.
  { word: "smbclient", command: /\bsmbclient\b/, argument: argumentAfter("(?:^|\\s)(?:-U[ \\t]*|--user=)[^\\s%'\"]{1,128}%") },
  { word: "rabbitmqctl", command: /\brabbitmqctl\b/, argument: argumentAfter("\\b(?:add_user|change_password)[ \\t]+\\S{1,128}[ \\t]+") },
  // htpasswd -b FILE USER X (-b: the password is on the command line).
  { word: "htpasswd", command: /\bhtpasswd\b/, argument: argumentAfter("\\bhtpasswd[ \\t]+(?=(?:-[a-zA-Z]+[ \\t]+)*-[a-zA-Z]*b)(?:-[a-zA-Z]+[ \\t]+)+\\S{1,256}[ \\t]+\\S{1,128}[ \\t]+") },
  // .netrc: machine HOST [login USER] password X, on one line or several.
  { word: "machine", command: /\bmachine\b/, argument: argumentAfter("\\bmachine\\s+\\S{1,256}(?:\\s+(?:login|account)\\s+\\S{1,256}){0,2}\\s+password[ \\t]+") },
  // An ADO.NET or ODBC connection string's Pwd (elsewhere `pwd` is as often a directory): up to `;`, or in braces.
  {
    word: ["pwd", "Pwd", "PWD"],
    command: /\b(?:Server|Data Source|Uid|User Id|Driver|Database|Initial Catalog|Dsn)\s*=/i,
    argument: /(?:^|[;\s"'])pwd[ \t]*=[ \t]*(?:'([^'\n]{1,256})'|"([^"\n]{1,256})"|\{([^}\n]{1,256})\}|([^;\s'"{][^;\s'"]{0,255}))/dgi,
  },
  // vault login TOKEN (a method's key=value arguments are not a token: assignments read those).
  { word: "vault", command: /\bvault\b/, kind: "vault_token", argument: new RegExp(`\\bvault[ \\t]+login[ \\t]+(?:-\\S+[ \\t]+)*(?:'([^'=\\n]{1,256})'|"([^"=\\n]{1,256})"|([^\\s'"=-][^\\s'"=]{0,255}))(?![^\\s])`, "dg") },
];
/**
 * A password spelled out in prose: `the password is X`, `password was changed to "X"`. Words follow
 * such phrases too (`is incorrect`, `is case-sensitive`), so only what has a password's shape counts
 * (proseHasPasswordShape).
 */
const PROSE_PASSWORD =
  /\b(?:password|passphrase|passcode|passwd)\s+(?:(?:is|was|has been)\s+(?:(?:set|changed|reset|updated)\s+to\s+)?|(?:set|changed|reset|updated)\s+to\s+)[:=]?\s*(?:'([^'\n]{1,256})'|"([^"\n]{1,256})"|“([^”\n]{1,256})”|([^\s'"“]{1,256}))/dgi;

/**
 * At least 8 characters with a digit, or with a symbol and both cases; quoted, also a passphrase of
 * three words or more.
 */
function proseHasPasswordShape(value: string, quoted: boolean): boolean {
  if (value.length < 8) return false;
  if (/[0-9]/.test(value) || (/[^\p{L}\p{N}\s]/u.test(value) && /\p{Lu}/u.test(value) && /\p{Ll}/u.test(value))) return true;
  return quoted && /\S\s+\S+\s+\S/.test(value);
}

/** `echo X | docker login --password-stdin`: the password piped into a login. */
const PIPED_PASSWORD = /\b(?:echo|printf)\s+(?:'([^'\n]{1,256})'|"([^"\n]{1,256})"|([^\s'"|-][^\s'"|]{0,255}))\s*\|[^\n|]*--password-stdin\b/dg;

/**
 * The line up to `at`, at most its last 200 characters. The newline is looked for in those only: a
 * text without one, searched back to its start for every flag in it, took 90 s for a megabyte of
 * `mysql -pX`.
 */
function lineBefore(text: string, at: number): string {
  const window = text.slice(Math.max(0, at - 200), at);
  return window.slice(window.lastIndexOf("\n") + 1);
}

/** Passwords given positionally in SQL and on command lines, where there is no key to go by. */
export const detectCommandLinePasswords: Detector = (text, out, facts) => {
  if (facts.mentions(IDENTIFIED_WORD)) {
    for (const m of text.matchAll(SQL_IDENTIFIED_BY)) {
      const value = readValue(text, m.index + m[0].length);
      if (value && !isReferenceValue(text.slice(value.start, value.end))) pushValue(text, value.start, value.end, "password", false, out);
    }
  }
  if (text.includes("-u")) {
    for (const m of text.matchAll(CURL_USER)) {
      if (!/\b(?:curl|wget|http)\b/.test(lineBefore(text, m.index))) continue;
      const [start, end] = requiredGroupSpan(m, 1);
      if (!isReferenceValue(requiredGroup(m, 1))) pushValue(text, start, end, "password", false, out);
    }
  }
  for (const { word, command, argument, kind = "password" } of PASSWORD_ARGUMENTS) {
    if (typeof word === "string" ? !text.includes(word) : !word.some((w) => text.includes(w))) continue;
    for (const m of text.matchAll(argument)) if (command.test(lineBefore(text, m.index) + m[0])) pushQuotedAlternative(text, m, out, kind);
  }
  if (text.includes("--password-stdin")) for (const m of text.matchAll(PIPED_PASSWORD)) pushQuotedAlternative(text, m, out, "password");
  if (facts.firstKeyStem() >= 0) {
    for (const m of text.matchAll(PROSE_PASSWORD)) {
      const group = [1, 2, 3, 4].find((g) => m[g] !== undefined) as number;
      const [start, matchEnd] = requiredGroupSpan(m, group);
      // A bare value gives back the full stop or comma that ends its sentence.
      const end = group === 4 && (text[matchEnd - 1] === "." || text[matchEnd - 1] === ",") ? matchEnd - 1 : matchEnd;
      const value = text.slice(start, end);
      if (proseHasPasswordShape(value, group !== 4) && !isReferenceValue(value)) pushValue(text, start, end, "password", false, out);
    }
  }
};

/** A secret matched as one of its regex's alternatives (single-quoted, double-quoted, bare, …), unless it is a reference (`$PASS`). */
function pushQuotedAlternative(text: string, m: RegExpMatchArray, out: Finding[], kind: Finding["kind"]): void {
  const group = m.findIndex((value, i) => i > 0 && value !== undefined);
  const [start, end] = requiredGroupSpan(m, group);
  if (!isReferenceValue(requiredGroup(m, group))) pushValue(text, start, end, kind, false, out);
}
