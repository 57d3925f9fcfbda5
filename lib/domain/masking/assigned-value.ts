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
  const comment = text.slice(from, end).search(/\s#/);
  if (comment >= 0) end = from + comment;
  while (end > from && text.charCodeAt(end - 1) <= 32) end--;
  return end;
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

/**
 * Parses what follows a key ending at `keyEnd`: an optional closing quote, a separator (`=`, `:`,
 * `:=`, `=>`, or, when `allowSpace`, just blanks as in `--password x`), then the value.
 * An XML element (`<password>x</password>`) is read when the key was opened with `<`.
 */
export function readAssignedValue(text: string, keyStart: number, keyEnd: number, allowSpace: boolean): AssignedValue | null {
  if (keyStart > 0 && text[keyStart - 1] === "<" && text[keyEnd] === ">") {
    const close = text.indexOf("<", keyEnd + 1);
    if (close <= keyEnd + 1 || close - keyEnd > MAX_VALUE) return null;
    return { start: keyEnd + 1, end: close, quoted: true, jsonScalar: false };
  }
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
  let value = readValue(text, valueAt);
  if (value === null) return null;
  if (!value.quoted && sep === ":" && keyQuote === 0 && startsLine(text, keyStart)) {
    value = { start: valueAt, end: yamlScalarEnd(text, valueAt), quoted: false };
  }
  const jsonScalar = !value.quoted && sep === ":" && keyQuote === 1 && text[keyEnd] === '"';
  return { ...value, jsonScalar };
}
