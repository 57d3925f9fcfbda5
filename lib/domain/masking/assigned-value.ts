import { requiredGroup } from "./scan";

/** Where the value of `key <separator> value` lies, in any of the syntaxes agents paste. */
export type AssignedValue = {
  start: number;
  end: number;
  /** The value had quotes (possibly backslash-escaped, as in JSON inside JSON). */
  quoted: boolean;
  /** `"key": 123` in JSON text: a placeholder replacing the bare number must be quoted. */
  jsonScalar: boolean;
};

const MAX_VALUE = 4096;
const MAX_GAP = 16;

/** What `\s` matches. */
function isWhitespace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 160 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9;
}

/** Unquoted values end at whitespace or at the punctuation that delimits them in query strings,
 * cookies, connection strings, argument lists and logs. */
function endsUnquotedValue(code: number): boolean {
  // whitespace " ' ` , ; & < > ) ] }
  return code <= 32 || code === 34 || code === 39 || code === 96 || code === 44 || code === 59 || code === 38 ||
    code === 60 || code === 62 || code === 41 || code === 93 || code === 125;
}

function skipBlanks(text: string, i: number): number {
  const limit = Math.min(text.length, i + MAX_GAP);
  while (i < limit && isBlank(text.charCodeAt(i))) i++;
  return i;
}

/** A quote possibly preceded by escaping backslashes: `"`, `\"`, `\\\"`; returns its length or 0. */
function quoteAt(text: string, i: number): number {
  let j = i;
  while (j < text.length && j - i < 8 && text[j] === "\\") j++;
  const ch = text[j];
  return ch === '"' || ch === "'" || ch === "`" ? j - i + 1 : 0;
}

/** Index of the closing quote sequence `quote` after `from`, skipping escaped characters; -1 if none nearby. */
function closingQuote(text: string, from: number, quote: string): number {
  const limit = Math.min(text.length, from + MAX_VALUE);
  if (quote.length === 1) {
    for (let i = from; i < limit; i++) {
      const ch = text[i];
      if (ch === "\\") i++;
      else if (ch === quote) return i;
      else if (ch === "\n") return -1;
    }
    return -1;
  }
  const at = text.indexOf(quote, from);
  return at >= 0 && at < limit ? at : -1;
}

/** Key is the first thing on its line (YAML, headers, env files), after indentation or a list dash. */
function startsLine(text: string, keyStart: number): boolean {
  for (let i = keyStart - 1; i >= 0 && keyStart - i < 64; i--) {
    const ch = text[i];
    if (ch === "\n") return true;
    if (ch !== " " && ch !== "\t" && ch !== "-") return false;
  }
  return keyStart < 64;
}

/** A YAML plain scalar runs to the end of the line, less a trailing ` # comment`. */
function yamlScalarEnd(text: string, from: number): number {
  let end = text.indexOf("\n", from);
  if (end < 0 || end - from > MAX_VALUE) end = Math.min(text.length, from + MAX_VALUE);
  // ` # comment` ends the value: a hand scan of the line (no slice per key hit; indexOf could run
  // past the line, once per key).
  for (let i = from + 1; i < end; i++) {
    if (text.charCodeAt(i) === 35 && isWhitespace(text.charCodeAt(i - 1))) {
      end = i - 1;
      break;
    }
  }
  while (end > from && text.charCodeAt(end - 1) <= 32) end--;
  return end;
}

/** `|`, `>-`, `|+2`, …: the value is the indented block on the following lines. */
const BLOCK_INDICATOR = /^[|>](?:[1-9]?[-+]?|[-+][1-9]?)$/;
const MAX_BLOCK = 65_536;

/** Column of `at` on its line. */
function columnOf(text: string, at: number): number {
  const line = text.lastIndexOf("\n", at - 1);
  return at - line - 1;
}

/**
 * The lines of a YAML block scalar after the indicator line ending at `lineEnd`: every following line
 * indented deeper than the key (blank lines included), from the first content character to the end
 * of the last non-blank line. Null when no line is indented deeper (then there is no value).
 */
function yamlBlockValue(text: string, keyStart: number, lineEnd: number): { start: number; end: number; quoted: boolean } | null {
  const keyColumn = columnOf(text, keyStart);
  const limit = Math.min(text.length, lineEnd + MAX_BLOCK);
  let start = -1;
  let end = -1;
  let lineStart = lineEnd + 1;
  while (lineStart < limit) {
    let next = text.indexOf("\n", lineStart);
    if (next < 0 || next > limit) next = limit;
    let indent = lineStart;
    while (indent < next && (text[indent] === " " || text[indent] === "\t")) indent++;
    let contentEnd = next;
    while (contentEnd > indent && text.charCodeAt(contentEnd - 1) <= 32) contentEnd--;
    if (contentEnd > indent) {
      if (indent - lineStart <= keyColumn) break;
      if (start < 0) start = indent;
      end = contentEnd;
    }
    lineStart = next + 1;
  }
  return start < 0 ? null : { start, end, quoted: false };
}

export function unquotedEnd(text: string, from: number): number {
  const limit = Math.min(text.length, from + MAX_VALUE);
  let i = from;
  while (i < limit && !endsUnquotedValue(text.charCodeAt(i))) i++;
  return i;
}

/** Reads the value starting at `i` (after the separator): quoted up to its closing quote, else a bare token. */
export function readValue(text: string, i: number): { start: number; end: number; quoted: boolean } | null {
  const q = quoteAt(text, i);
  if (q > 0) {
    const quote = text.slice(i, i + q);
    const close = closingQuote(text, i + q, quote);
    // `"password=","next"` in JSON text: the "value" between two string delimiters is structure.
    if (close >= 0) return /[^\s,:[\]{}]/.test(text.slice(i + q, close)) ? { start: i + q, end: close, quoted: true } : null;
    const end = unquotedEnd(text, i + q);
    return end > i + q ? { start: i + q, end, quoted: false } : null;
  }
  const end = unquotedEnd(text, i);
  return end > i ? { start: i, end, quoted: false } : null;
}

const CDATA_OPEN = "<![CDATA[";

/** The text of an XML element from `from` (just after its start tag) to the next tag; a CDATA section's content. */
function xmlElementContent(text: string, from: number): AssignedValue | null {
  if (text.startsWith(CDATA_OPEN, from)) {
    const start = from + CDATA_OPEN.length;
    const close = text.indexOf("]]>", start);
    if (close <= start || close - start > MAX_VALUE) return null;
    return { start, end: close, quoted: true, jsonScalar: false };
  }
  const close = text.indexOf("<", from);
  if (close <= from || close - from > MAX_VALUE) return null;
  return { start: from, end: close, quoted: true, jsonScalar: false };
}

const NAMING_ATTRIBUTE = /(?:^|[\s<])(?:key|name)\s*=\s*$/i;
const VALUE_ATTRIBUTE = /\svalue\s*=\s*(?:"([^"]*)"|'([^']*)')/i;
const MAX_TAG = 1024;

/**
 * XML that names the setting in one attribute and gives its value in another, or as the element's
 * text: `<add key="DbPassword" value="…"/>` (.NET), `<property name="password" value="…"/>` (Spring,
 * Hibernate), `<entry key="password">…</entry>`. `keyStart`/`keyEnd` are the quoted name.
 */
export function readXmlNamedValue(text: string, keyStart: number, keyEnd: number): AssignedValue | null {
  const quote = text[keyStart - 1];
  if ((quote !== '"' && quote !== "'") || text[keyEnd] !== quote) return null;
  if (!NAMING_ATTRIBUTE.test(text.slice(Math.max(0, keyStart - 17), keyStart - 1))) return null;
  const tagFrom = keyEnd + 1;
  const tagLimit = Math.min(text.length, tagFrom + MAX_TAG);
  let gt = tagFrom;
  while (gt < tagLimit && text[gt] !== ">" && text[gt] !== "<") gt++;
  if (gt >= tagLimit || text[gt] !== ">") return null;
  const attributes = text.slice(tagFrom, gt);
  const attr = VALUE_ATTRIBUTE.exec(attributes);
  if (attr !== null) {
    // One of the two quoting alternatives took part.
    const raw = attr[1] ?? requiredGroup(attr, 2);
    if (raw.length === 0) return null;
    const start = tagFrom + attr.index + attr[0].length - raw.length - 1;
    return { start, end: start + raw.length, quoted: true, jsonScalar: false };
  }
  return text[gt - 1] === "/" ? null : xmlElementContent(text, gt + 1);
}

/**
 * Parses what follows a key ending at `keyEnd`: an optional closing quote, a separator (`=`, `:`,
 * `:=`, `=>`, or, when `allowSpace`, just blanks as in `--password x`), then the value.
 * An XML element (`<password>x</password>`) is read when the key was opened with `<`.
 */
export function readAssignedValue(text: string, keyStart: number, keyEnd: number, allowSpace: boolean): AssignedValue | null {
  if (keyStart > 0 && text[keyStart - 1] === "<" && text[keyEnd] === ">") return xmlElementContent(text, keyEnd + 1);
  const keyQuote = quoteAt(text, keyEnd);
  let i = skipBlanks(text, keyEnd + keyQuote);
  const sep = text[i];
  if (sep === "=") {
    if (text[i + 1] === "=" || text[i + 1] === "~") return null; // comparison, not assignment
    i += text[i + 1] === ">" ? 2 : 1;
  } else if (sep === ":") {
    if (text[i + 1] === ":" || text[i + 1] === "/") return null;
    i += text[i + 1] === "=" ? 2 : 1;
  } else if (!(allowSpace && i > keyEnd + keyQuote)) {
    return null;
  }
  const valueAt = skipBlanks(text, i);
  // `\"key\": "…"`: an escaped key inside a JSON string cannot take its value from outside that string.
  const valueQuote = quoteAt(text, valueAt);
  if (keyQuote > 1 && valueQuote > 0 && valueQuote !== keyQuote) return null;
  if (keyQuote > 1 && valueQuote === 0 && text[valueAt] === '"') return null;
  // `"credentials": {` or `"password": [`: the key names a structure, whose own keys are read on their
  // own; masking its opening bracket would only break the JSON.
  if (sep === ":" && (text[valueAt] === "{" || text[valueAt] === "[")) return null;
  let value = readValue(text, valueAt);
  const yamlKey = sep === ":" && keyQuote === 0 && startsLine(text, keyStart);
  // A bare ">" ends an unquoted value elsewhere (`<a>`), but in YAML it opens a folded block.
  if (value === null && yamlKey && text[valueAt] === ">") value = { start: valueAt, end: valueAt + 1, quoted: false };
  if (value === null) return null;
  if (!value.quoted && yamlKey) {
    value = { start: valueAt, end: yamlScalarEnd(text, valueAt), quoted: false };
    if (BLOCK_INDICATOR.test(text.slice(value.start, value.end))) {
      const lineEnd = text.indexOf("\n", value.end);
      value = lineEnd < 0 ? null : yamlBlockValue(text, keyStart, lineEnd);
      if (value === null) return null;
    }
  }
  const jsonScalar = !value.quoted && sep === ":" && keyQuote === 1 && text[keyEnd] === '"';
  // Not `{ ...value, jsonScalar }`: V8 (Node 20) takes a slow path for a spread plus a property, ~1 µs.
  return { start: value.start, end: value.end, quoted: value.quoted, jsonScalar };
}
