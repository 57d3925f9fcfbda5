import type { CallMemo } from "./call-memo";

/**
 * What several detectors need to know about the same text, computed once per text instead of once
 * per detector: each full pass over a 64 KB context costs about as much as a whole detector. One
 * hand-written pass (`scan`) gathers all of it, on first use.
 */
export class TextFacts {
  readonly text: string;
  /** The call's memo of key and column classifications, for detectors that classify names. */
  readonly memo: CallMemo;
  private runs: number[] | undefined;
  private separatorAt = NONE;
  private lineBreakAt = NONE;
  private numericDigits = 0;
  private consecutiveDigits = 0;
  private ibanStart = false;
  private wordsFound = -1;
  private firstStem = -1;

  constructor(text: string, memo: CallMemo) {
    this.text = text;
    this.memo = memo;
  }

  /**
   * Maximal runs of base64/base64url characters (`[A-Za-z0-9+/_-]`) at least 24 long, as flat
   * `[start, end, endWithPadding]` triples (padding: up to two `=`). Every token-shaped secret
   * without a literal prefix (base64 blobs, AWS secret keys, Discord bot tokens) lies inside one.
   */
  tokenRuns(): number[] {
    if (this.runs === undefined) this.scan();
    return this.runs!;
  }

  /**
   * The most digits in one run of `[0-9 .()+-]`: every card, phone number and national id (digits
   * with spaces, dots, dashes, brackets or a leading "+") lies inside one such run, so a text whose
   * runs are all shorter than the shortest of them holds none (a card needs 13 digits).
   */
  maxNumericRunDigits(): number {
    if (this.runs === undefined) this.scan();
    return this.numericDigits;
  }

  /** The longest run of consecutive digits (a Chinese resident id has 17, a Spanish DNI 7 or 8). */
  maxConsecutiveDigits(): number {
    if (this.runs === undefined) this.scan();
    return this.consecutiveDigits;
  }

  /** Where every `:` and `=` is, in order: the anchors of `key: value` and `key=value`. */
  separators(): readonly number[] {
    if (this.runs === undefined) this.scan();
    return this.separatorAt;
  }

  /** Where every line break (`\n`) is, in order: the lines of a table. */
  lineBreaks(): readonly number[] {
    if (this.runs === undefined) this.scan();
    return this.lineBreakAt;
  }

  /** Whether an IBAN can start here: two capitals then two digits, not inside a word. */
  hasIbanStart(): boolean {
    if (this.runs === undefined) this.scan();
    return this.ibanStart;
  }

  /**
   * Whether the text mentions a word of `group` (case-insensitive): the gates of the AWS-secret,
   * client-IP and SQL `IDENTIFIED BY` detectors. One scan answers them all and finds the first key
   * stem, instead of one regex pass per gate.
   */
  mentions(group: number): boolean {
    if (this.wordsFound < 0) this.scanWords();
    return (this.wordsFound & group) !== 0;
  }

  /** Where the first fragment of a secret-naming key is (`pass`, `token`, …), or -1. */
  firstKeyStem(): number {
    if (this.wordsFound < 0) this.scanWords();
    return this.firstStem;
  }

  /**
   * Looks only for the groups not yet found: each match settles at least one group, so this is at
   * most one pass over the text (plus a retry at a match, where another group's word may start).
   */
  private scanWords(): void {
    const text = this.text;
    let pending = ALL_WORDS;
    let found = 0;
    let at = 0;
    while (pending !== 0) {
      const re = WORD_SCANS[pending]!; // one regex for each pending in 1..ALL_WORDS
      re.lastIndex = at;
      const m = re.exec(text);
      if (m === null) break;
      const groups = WORD_GROUPS.get(m[0].toLowerCase())! & pending;
      if ((groups & KEY_STEM) !== 0) this.firstStem = m.index;
      found |= groups;
      pending &= ~groups;
      at = m.index;
    }
    this.wordsFound = found;
  }

  /**
   * No calls in here, and no code after the loop: a call site that ran rarely before V8 optimised
   * this loop had no type feedback and threw the optimised code away again and again (a deopt loop
   * that made this pass most of the cost of maskJson). Position `n` is a sentinel that ends every run.
   */
  private scan(): void {
    const text = this.text;
    const runs: number[] = [];
    let separators = NONE;
    let lineBreaks = NONE;
    let runStart = -1;
    let numeric = 0;
    let maxNumeric = 0;
    let digits = 0;
    let maxDigits = 0;
    let iban = false;
    const n = text.length;
    for (let i = 0; i <= n; i++) {
      // CLASS has an entry for every UTF-16 code unit, so a lookup at an index < n is defined.
      let cls = i < n ? CLASS[text.charCodeAt(i)]! : 0;
      if ((cls & LETTER) !== 0) {
        // Most of a text is letters: they extend a run and end any digit run; skip them in a tight loop.
        if (runStart < 0) runStart = i;
        if (digits > 0) {
          if (digits > maxDigits) maxDigits = digits;
          digits = 0;
        }
        if (numeric > 0) {
          if (numeric > maxNumeric) maxNumeric = numeric;
          numeric = 0;
        }
        while (i + 1 < n && ((cls = CLASS[text.charCodeAt(i + 1)]!) & LETTER) !== 0) i++;
        continue;
      }
      if ((cls & RUN) !== 0) {
        if (runStart < 0) runStart = i;
      } else if (runStart >= 0) {
        if (i - runStart >= MIN_RUN) {
          // The run and its padding: up to two `=` right after it.
          let padded = i;
          while (padded < i + 2 && text.charCodeAt(padded) === 61) padded++;
          runs.push(runStart, i, padded);
        }
        runStart = -1;
      }
      if ((cls & DIGIT) !== 0) {
        numeric++;
        digits++;
        // `GB82…` at a word start: C C D D, not preceded by a letter or digit.
        if (!iban && digits === 2 && i >= 3 && (CLASS[text.charCodeAt(i - 2)]! & UPPER) !== 0 && (CLASS[text.charCodeAt(i - 3)]! & UPPER) !== 0) {
          iban = i === 3 || (CLASS[text.charCodeAt(i - 4)]! & ALNUM) === 0;
        }
        // A long digit run (1 MB of "4444…") in a tight loop too.
        if (digits >= 2) {
          let j = i + 1;
          while (j < n && (CLASS[text.charCodeAt(j)]! & DIGIT) !== 0) j++;
          numeric += j - i - 1;
          digits += j - i - 1;
          i = j - 1;
        }
      } else {
        if (digits > maxDigits) maxDigits = digits;
        digits = 0;
        if ((cls & NUMERIC) === 0) {
          if (numeric > maxNumeric) maxNumeric = numeric;
          numeric = 0;
          // `:`, `=` and line breaks (the only classes left here besides 0) are rare enough that
          // recording them costs less than the structural pass's own `indexOf` scans for them did.
          // Most strings of a context have none: their arrays are made only at the first.
          if (cls === SEPARATOR) {
            if (separators === NONE) separators = [];
            separators.push(i);
          } else if (cls === LINE_BREAK) {
            if (lineBreaks === NONE) lineBreaks = [];
            lineBreaks.push(i);
          }
        }
      }
    }
    this.numericDigits = maxNumeric;
    this.consecutiveDigits = maxDigits;
    this.ibanStart = iban;
    this.separatorAt = separators;
    this.lineBreakAt = lineBreaks;
    this.runs = runs;
  }
}

const MIN_RUN = 24;

/** No positions, shared (never written: a text's first position replaces it with its own array). */
const NONE: number[] = [];

/** Word groups for `mentions`. */
export const KEY_STEM = 1; // what secret-assignments looks for (its own KEY_STEM regex)
export const AWS_WORD = 2; // aws, secret, AKIA/ASIA: context of an AWS secret key
export const IP_WORD = 4; // ip, addr, forwarded: a client-IP key
export const IDENTIFIED_WORD = 8; // SQL `IDENTIFIED BY`
const ALL_WORDS = 15;

const WORDS: Array<[number, string[]]> = [
  [KEY_STEM, ["pass", "pwd", "secret", "token", "key", "auth", "cred", "cookie", "sess", "salt", "hmac", "sig", "seed"]],
  [AWS_WORD, ["aws", "secret", "akia", "asia"]],
  [IP_WORD, ["ip", "addr", "forwarded"]],
  [IDENTIFIED_WORD, ["identified"]],
];

/** Lower-case word -> the groups it belongs to. */
const WORD_GROUPS = new Map<string, number>();
for (const [group, words] of WORDS) for (const w of words) WORD_GROUPS.set(w, (WORD_GROUPS.get(w) ?? 0) | group);

/**
 * `words` as a regex trie (`p(?:ass|wd)|s(?:e(?:cret|ss|ed)|alt|ig)|…`): irregexp tries ~9 first
 * letters at a position instead of ~20 words, ~20% faster than the flat alternation. With no word
 * a prefix of another, at most one word matches at a position, so both find the same matches.
 */
export function wordTrie(words: string[]): string {
  for (const a of words) for (const b of words) if (a !== b && b.startsWith(a)) throw new Error(`"${a}" is a prefix of "${b}"`);
  const byFirst = new Map<string, string[]>();
  for (const w of words) {
    const first = w.charAt(0);
    byFirst.set(first, [...(byFirst.get(first) ?? []), w.slice(1)]);
  }
  return [...byFirst].map(([first, rest]) => (rest.length === 1 ? first + rest.join("") : `${first}(?:${wordTrie(rest)})`)).join("|");
}

/** For each set of groups still looked for, one case-insensitive regex of their words. */
const WORD_SCANS: RegExp[] = [];
for (let pending = 0; pending <= ALL_WORDS; pending++) {
  const words = [...WORD_GROUPS].filter(([, g]) => (g & pending) !== 0).map(([w]) => w);
  WORD_SCANS.push(new RegExp(words.length > 0 ? wordTrie(words) : "(?!)", "gi"));
}

/** Character classes of ASCII, as bits. */
const RUN = 1; // [A-Za-z0-9+/_-]
const DIGIT = 2; // [0-9]
const NUMERIC = 4; // [ .()+-]: what may separate the digits of a card, a phone number or an id
const UPPER = 8; // [A-Z]
const ALNUM = 16; // [A-Za-z0-9]
const LETTER = 32; // [A-Za-z]
const SEPARATOR = 64; // [:=]
const LINE_BREAK = 128; // \n

const CLASS = new Uint8Array(65536);
for (let c = 48; c <= 57; c++) CLASS[c] = RUN | DIGIT | ALNUM;
for (let c = 65; c <= 90; c++) CLASS[c] = RUN | UPPER | ALNUM | LETTER;
for (let c = 97; c <= 122; c++) CLASS[c] = RUN | ALNUM | LETTER;
for (const ch of "+/_-") CLASS[ch.charCodeAt(0)]! |= RUN;
for (const ch of " .()+-") CLASS[ch.charCodeAt(0)]! |= NUMERIC;
CLASS[58] = SEPARATOR;
CLASS[61] = SEPARATOR;
CLASS[10] = LINE_BREAK;
