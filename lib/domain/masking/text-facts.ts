/**
 * What several detectors need to know about the same text, computed once per text instead of once
 * per detector: each full pass over a 64 KB context costs about as much as a whole detector. One
 * hand-written pass (`scan`) gathers all of it, on first use.
 */
export class TextFacts {
  readonly text: string;
  private runs: number[] | undefined;
  private numericDigits = 0;
  private consecutiveDigits = 0;
  private ibanStart = false;

  constructor(text: string) {
    this.text = text;
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

  /** Whether an IBAN can start here: two capitals then two digits, not inside a word. */
  hasIbanStart(): boolean {
    if (this.runs === undefined) this.scan();
    return this.ibanStart;
  }

  private scan(): void {
    const text = this.text;
    const runs: number[] = [];
    let runStart = -1;
    let numeric = 0;
    let maxNumeric = 0;
    let digits = 0;
    let maxDigits = 0;
    let iban = false;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      let cls = CLASS[text.charCodeAt(i)];
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
        while (i + 1 < n && ((cls = CLASS[text.charCodeAt(i + 1)]) & LETTER) !== 0) i++;
        continue;
      }
      if ((cls & RUN) !== 0) {
        if (runStart < 0) runStart = i;
      } else if (runStart >= 0) {
        if (i - runStart >= MIN_RUN) pushRun(text, runs, runStart, i);
        runStart = -1;
      }
      if ((cls & DIGIT) !== 0) {
        numeric++;
        digits++;
        // `GB82…` at a word start: C C D D, not preceded by a letter or digit.
        if (!iban && digits === 2 && i >= 3 && (CLASS[text.charCodeAt(i - 2)] & UPPER) !== 0 && (CLASS[text.charCodeAt(i - 3)] & UPPER) !== 0) {
          iban = i === 3 || !isAlnum(text.charCodeAt(i - 4));
        }
        // A long digit run (1 MB of "4444…") in a tight loop too.
        if (digits >= 2) {
          let j = i + 1;
          while (j < n && (CLASS[text.charCodeAt(j)] & DIGIT) !== 0) j++;
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
        }
      }
    }
    if (runStart >= 0 && text.length - runStart >= MIN_RUN) pushRun(text, runs, runStart, text.length);
    this.numericDigits = Math.max(maxNumeric, numeric);
    this.consecutiveDigits = Math.max(maxDigits, digits);
    this.ibanStart = iban;
    this.runs = runs;
  }
}

const MIN_RUN = 24;

/** Character classes of ASCII, as bits. */
const RUN = 1; // [A-Za-z0-9+/_-]
const DIGIT = 2; // [0-9]
const NUMERIC = 4; // [ .()+-]: what may separate the digits of a card, a phone number or an id
const UPPER = 8; // [A-Z]
const ALNUM = 16; // [A-Za-z0-9]
const LETTER = 32; // [A-Za-z]

const CLASS = new Uint8Array(65536);
for (let c = 48; c <= 57; c++) CLASS[c] = RUN | DIGIT | ALNUM;
for (let c = 65; c <= 90; c++) CLASS[c] = RUN | UPPER | ALNUM | LETTER;
for (let c = 97; c <= 122; c++) CLASS[c] = RUN | ALNUM | LETTER;
for (const ch of "+/_-") CLASS[ch.charCodeAt(0)] |= RUN;
for (const ch of " .()+-") CLASS[ch.charCodeAt(0)] |= NUMERIC;

function isAlnum(code: number): boolean {
  return (CLASS[code] & ALNUM) !== 0;
}

/** A run and its padding: up to two `=` right after it. */
function pushRun(text: string, runs: number[], start: number, end: number): void {
  let padded = end;
  while (padded < end + 2 && text.charCodeAt(padded) === 61) padded++;
  runs.push(start, end, padded);
}
