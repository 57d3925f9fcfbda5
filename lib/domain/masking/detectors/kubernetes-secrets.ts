import { PRIORITY } from "../priority";
import { requiredGroup } from "../scan";
import type { Detector } from "../types";

const SECRET_KIND_YAML = /^[ \t-]*kind:[ \t]*["']?Secret["']?[ \t]*$/m;
const DATA_BLOCK_YAML = /^([ \t]*)(?:data|stringData):[ \t]*$/gm;
const SECRET_KIND_JSON = /\\*"kind\\*"\s*:\s*\\*"Secret\\*"/;
const DATA_BLOCK_JSON = /\\*"(?:data|stringData)\\*"\s*:\s*\{/g;
const JSON_MEMBER = /(\\*")([^"\\]*)\1\s*:\s*\1([^"\\]*)\1/g;

/**
 * Secret data keys that hold a certificate (`tls.crt`, `ca.crt` of a TLS Secret): public material a
 * reviewer may need to read. A private key bundled into one is still found, by the private-key and
 * nested base64 detectors, as anywhere else.
 */
export function isCertificateKey(key: string): boolean {
  return /^(?:[A-Za-z0-9_.-]*[._-])?(?:crt|cert|certificate)$/i.test(key);
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** Every value under `data:`/`stringData:` of a YAML document that declares `kind: Secret`. */
function yamlSecretValues(text: string, docStart: number, doc: string, out: Parameters<Detector>[1]): void {
  if (!SECRET_KIND_YAML.test(doc)) return;
  for (const block of doc.matchAll(DATA_BLOCK_YAML)) {
    const indent = requiredGroup(block, 1).length;
    let lineStart = block.index + block[0].length + 1;
    let blockScalarIndent = -1;
    let certificateBlock = false;
    while (lineStart < doc.length) {
      let lineEnd = doc.indexOf("\n", lineStart);
      if (lineEnd < 0) lineEnd = doc.length;
      const line = doc.slice(lineStart, lineEnd);
      if (line.trim().length > 0) {
        const lineIndent = indentOf(line);
        if (lineIndent <= indent) break;
        if (blockScalarIndent >= 0 && lineIndent > blockScalarIndent) {
          if (!certificateBlock) out.push({ start: docStart + lineStart + lineIndent, end: docStart + lineEnd, kind: "kubernetes_secret", priority: PRIORITY.structure });
        } else {
          const entry = /^\s*([-._A-Za-z0-9]+):[ \t]*/.exec(line); // Secret data keys are [-._a-zA-Z0-9]+
          const value = entry ? line.slice(entry[0].length).trimEnd() : "";
          certificateBlock = entry !== null && isCertificateKey(requiredGroup(entry, 1));
          blockScalarIndent = /^[|>][-+]?$/.test(value) ? lineIndent : -1;
          if (entry && value.length > 0 && blockScalarIndent < 0 && !certificateBlock) {
            const valueStart = docStart + lineStart + entry[0].length;
            out.push({ start: valueStart, end: valueStart + value.length, kind: "kubernetes_secret", priority: PRIORITY.structure });
          }
        }
      }
      lineStart = lineEnd + 1;
    }
  }
}

/** Every string under `"data": {…}` when the JSON declares `"kind": "Secret"` (kubectl -o json). */
function jsonSecretValues(text: string, out: Parameters<Detector>[1]): void {
  if (!SECRET_KIND_JSON.test(text)) return;
  for (const block of text.matchAll(DATA_BLOCK_JSON)) {
    const from = block.index + block[0].length;
    const close = text.indexOf("}", from);
    if (close < 0) continue;
    const body = text.slice(from, close);
    for (const member of body.matchAll(JSON_MEMBER)) {
      const quote = requiredGroup(member, 1);
      const value = requiredGroup(member, 3);
      if (value.length === 0 || isCertificateKey(requiredGroup(member, 2))) continue;
      const start = from + member.index + member[0].length - quote.length - value.length;
      out.push({ start, end: start + value.length, kind: "kubernetes_secret", priority: PRIORITY.structure });
    }
  }
}

/** Kubernetes Secret manifests (kubectl get secret -o yaml/json): their data values are base64 secrets. */
export const detectKubernetesSecrets: Detector = (text, out) => {
  if (!text.includes("Secret")) return;
  if (text.includes("data")) {
    let docStart = 0;
    for (const sep of [...text.matchAll(/^---/gm), { index: text.length }]) {
      yamlSecretValues(text, docStart, text.slice(docStart, sep.index), out);
      docStart = sep.index;
    }
  }
  jsonSecretValues(text, out);
};
