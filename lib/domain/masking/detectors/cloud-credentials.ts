import { PRIORITY } from "../priority";
import { withoutPlaceholders } from "../placeholder";
import { requiredGroup } from "../scan";
import { AWS_WORD } from "../text-facts";
import type { Detector, Finding } from "../types";
import type { TokenFormat } from "./token-format";

const BASE64 = /[A-Za-z0-9+/=]/;

/** Azure SAS query strings carry `sv=` (version) and `se=`/`sp=` next to `sig=`; only the signature is secret. */
function nearSasParameters(text: string, start: number): boolean {
  return /[?&;](?:sv|se|sp|sr|spr)=/.test(text.slice(Math.max(0, start - 600), start));
}

export const CLOUD_TOKEN_FORMATS: TokenFormat[] = [
  {
    // Key ids are 20 chars, a 4-char type prefix then base32 (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html).
    kind: "aws_access_key_id",
    anchors: ["AKIA", "ASIA", "ABIA", "ACCA", "A3T"],
    alphabet: /[A-Za-z0-9]/,
    pattern: /(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}(?![A-Za-z0-9])/y,
  },
  {
    // STS session tokens are base64 of a protobuf that always opens the same way.
    kind: "aws_session_token",
    anchors: ["FwoGZXIvYXdz", "IQoJb3JpZ2lu"],
    alphabet: BASE64,
    pattern: /(?:FwoGZXIvYXdz|IQoJb3JpZ2lu)[A-Za-z0-9+/]{80,4000}={0,2}(?![A-Za-z0-9+/=])/y,
  },
  {
    kind: "gcp_api_key",
    anchors: ["AIza"],
    alphabet: /[A-Za-z0-9_-]/,
    pattern: /AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/y,
  },
  {
    // Storage and Service Bus connection strings: the key is 64 bytes (88 base64 chars) or 32 (44).
    kind: "azure_storage_account_key",
    anchors: ["AccountKey=", "SharedAccessKey="],
    alphabet: /[A-Za-z0-9+/=]/,
    pattern: /(?:AccountKey|SharedAccessKey)=([A-Za-z0-9+/]{40,100}={0,2})(?![A-Za-z0-9+/=])/dy,
    group: 1,
  },
  {
    kind: "azure_sas_token",
    anchors: ["sig="],
    alphabet: /[A-Za-z0-9%+/=]/,
    pattern: /sig=((?:[A-Za-z0-9+/]|%2[BbFf]){30,150}(?:=|%3[Dd]){0,2})(?![A-Za-z0-9%+/=])/dy,
    group: 1,
    accept: (text, start) => nearSasParameters(text, start),
  },
  {
    // SigV4 presigned URLs (S3 GET/PUT links): the signature lets anyone make the signed request
    // until it expires, so it is masked; the key id, date, expiry and signed headers stay readable.
    kind: "aws_presigned_signature",
    anchors: ["X-Amz-Signature=", "x-amz-signature="],
    alphabet: /[A-Za-z0-9-]/,
    pattern: /[Xx]-[Aa]mz-[Ss]ignature=([0-9a-f]{64})(?![A-Za-z0-9])/dy,
    group: 1,
  },
  {
    // Entra ID client secrets: 3 chars, a digit, "Q~", then 31-34 chars.
    kind: "azure_client_secret",
    anchors: ["Q~"],
    maxBack: 4,
    alphabet: /[A-Za-z0-9_~.-]/,
    // A full stop may end the sentence after it; only a dot that goes on makes it something longer.
    pattern: /[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~-]|\.[A-Za-z0-9_~-])/y,
  },
];

const AWS_SECRET_LENGTH = 40;

/** Base64 without the url-safe `-` and `_` that also make up the runs the facts list. */
function isBase64Char(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 43 || code === 47;
}

function awsSecretAt(text: string, start: number, out: Finding[]): void {
  const v = text.slice(start, start + AWS_SECRET_LENGTH);
  if (!/[a-z]/.test(v) || !/[A-Z]/.test(v) || !/[0-9+/]/.test(v)) return;
  const before = withoutPlaceholders(text.slice(Math.max(0, start - 300), start));
  if (!/aws|secret|A(?:KIA|SIA)[A-Z2-7]{16}/i.test(before)) return;
  out.push({ start, end: start + AWS_SECRET_LENGTH, kind: "aws_secret_access_key", priority: PRIORITY.format });
}

/**
 * AWS secret keys have no prefix: exactly 40 base64 chars, not touching more base64 or "=". Alone that
 * would hit every git SHA, so it needs a mixed alphabet (a SHA is lower-case hex) and AWS context
 * nearby: an access key id or the words "aws"/"secret" within the preceding 300 characters. Such a key
 * lies inside one of the long base64url runs the facts already list, so only those are looked at.
 */
export const detectAwsSecretAccessKeys: Detector = (text, out, facts) => {
  const runs = facts.tokenRuns();
  let longEnough = false;
  for (let r = 0; r + 2 < runs.length && !longEnough; r += 3) longEnough = runs[r + 1]! - runs[r]! >= AWS_SECRET_LENGTH;
  if (!longEnough || !facts.mentions(AWS_WORD)) return;
  for (let r = 0; r + 2 < runs.length; r += 3) {
    const runStart = runs[r]!; // r + 2 < runs.length
    const runEnd = runs[r + 1]!;
    if (runEnd - runStart < AWS_SECRET_LENGTH) continue;
    // Split the run at "-" and "_" into pieces of plain base64; a piece of exactly 40 is a candidate.
    let piece = runStart;
    for (let i = runStart; i <= runEnd; i++) {
      if (i < runEnd && isBase64Char(text.charCodeAt(i))) continue;
      // A run starts after a non-run char, or after "=" (which must not touch the key either).
      if (i - piece === AWS_SECRET_LENGTH && text.charCodeAt(piece - 1) !== 61 && text.charCodeAt(i) !== 61) awsSecretAt(text, piece, out);
      piece = i + 1;
    }
  }
};

const SERVICE_ACCOUNT_TYPE = /\\*"type\\*"\s*:\s*\\*"service_account\\*"/g;
const PRIVATE_KEY_ID = /\\*"private_key_id\\*"\s*:\s*\\*"([0-9a-f]{40})/;
/** `"private_key_id": "` or `"private_key": "`, at any level of JSON escaping (the `\` before each quote). */
const SECRET_MEMBER = /(\\*)"(?:private_key_id|private_key)\1"\s*:\s*\1"/g;

/** The members of a GCP key file that are secret: the private key and its id. */
export function isGcpKeyFileSecret(member: string): boolean {
  return member === "private_key" || member === "private_key_id";
}

/**
 * A GCP key file's secret is its private key (and the key's id): both values are masked, with one
 * placeholder identified by the private_key_id, so the same key gets the same placeholder whether
 * it arrives as text or as parsed JSON. The account (`client_email`, `client_id`), project and
 * endpoints stay readable: they say which account the key is for. Key files are flat objects, so
 * the enclosing braces are the nearest ones; both are tracked incrementally so a text repeating
 * `"type": "service_account"` stays linear.
 */
export const detectGcpServiceAccountKeys: Detector = (text, out) => {
  if (!text.includes("service_account")) return;
  let lastOpen = -1;
  let scannedTo = 0;
  let nextClose = -1;
  let triedOpen = -1;
  for (const m of text.matchAll(SERVICE_ACCOUNT_TYPE)) {
    const found = text.slice(scannedTo, m.index).lastIndexOf("{");
    if (found >= 0) lastOpen = scannedTo + found;
    scannedTo = m.index;
    if (nextClose !== -2 && nextClose < m.index) nextClose = text.indexOf("}", m.index);
    if (nextClose < 0) nextClose = -2;
    if (lastOpen < 0 || nextClose < 0 || lastOpen === triedOpen || nextClose - lastOpen > 16_384) continue;
    triedOpen = lastOpen;
    const body = text.slice(lastOpen, nextClose + 1);
    if (!body.includes("private_key")) continue;
    const identity = PRIVATE_KEY_ID.exec(body)?.[1];
    for (const member of body.matchAll(SECRET_MEMBER)) {
      // The value ends at its next quote, escaped as the one it opened with (a PEM body holds no
      // quote). Only the next quote is looked for, so repeated members cannot make this quadratic.
      const escapes = requiredGroup(member, 1);
      const valueStart = member.index + member[0].length;
      const quote = body.indexOf('"', valueStart);
      const valueEnd = quote - escapes.length;
      if (valueEnd <= valueStart || body.slice(valueEnd, quote) !== escapes || body.charCodeAt(valueEnd - 1) === 92) continue;
      out.push({ start: lastOpen + valueStart, end: lastOpen + valueEnd, kind: "gcp_service_account_key", priority: PRIORITY.wholeFile, identity });
    }
  }
};
