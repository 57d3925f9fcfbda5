import { keyWords } from "../key-names";
import type { ValueShape } from "./value-shapes";

/** What a field's name says its value is: the kind it is masked as and the shape that confirms it. */
export type FieldRule = {
  kind: string;
  shape: ValueShape;
  /** The matched words as the key spells them, for the reason shown ("field `birth_date`"). */
  label: string;
};

/** An administrator's field (MASKING_CUSTOM_FIELDS): `member_no` is a `member_number`, of any shape. */
export type CustomField = { field: string; kind: string; shape?: ValueShape };

/**
 * Spellings of one word: `acct_no`, `AcctNum` and `account_number` are the same field. Applied to
 * every word of a key before it is looked up, so entries below are written once, in full.
 */
const SYNONYMS: Record<string, string> = {
  acct: "account",
  acc: "account",
  no: "number",
  num: "number",
  nbr: "number",
  nr: "number",
  nmbr: "number",
  addr: "address",
  bday: "birthday",
  dl: "driver",
  drivers: "driver",
  licence: "license",
  ipaddress: "ip",
  ipaddr: "ip",
  signup: "sign",
  signin: "sign",
  login: "sign",
  logon: "sign",
  cust: "customer",
};

/**
 * The curated vocabulary, as word sequences after SYNONYMS. A key matches an entry when its last
 * words are the entry's words (`customer_date_of_birth`, `user.dob`, `patientSSN`), so qualifiers
 * in front are allowed and anything after is not (`dob_format`, `ssn_last4` are other fields).
 */
const ENTRIES: Array<[string, string, ValueShape]> = [
  // Birth dates
  ["dob", "date_of_birth", "date"],
  ["date of birth", "date_of_birth", "date"],
  ["birth date", "date_of_birth", "date"],
  ["birthdate", "date_of_birth", "date"],
  ["birthday", "date_of_birth", "date"],
  ["born", "date_of_birth", "date"],
  ["born on", "date_of_birth", "date"],
  ["geburtsdatum", "date_of_birth", "date"],
  // National identifiers
  ["ssn", "us_ssn", "ssn"],
  ["social security", "us_ssn", "ssn"],
  ["social security number", "us_ssn", "ssn"],
  ["sin", "national_id", "sin"],
  ["social insurance number", "national_id", "sin"],
  ["nino", "national_id", "nino"],
  ["ni number", "national_id", "nino"],
  ["nin", "national_id", "nino"],
  ["national insurance", "national_id", "nino"],
  ["national insurance number", "national_id", "nino"],
  ["national id", "national_id", "document"],
  ["national id number", "national_id", "document"],
  ["national identity number", "national_id", "document"],
  ["personal id number", "national_id", "document"],
  ["passport", "passport_number", "document"],
  ["passport number", "passport_number", "document"],
  ["driver license", "driver_license_number", "document"],
  ["driver license number", "driver_license_number", "document"],
  ["tax id", "tax_id", "document"],
  ["tax number", "tax_id", "document"],
  ["tax identification number", "tax_id", "document"],
  ["taxpayer id", "tax_id", "document"],
  ["tin", "tax_id", "document"],
  ["itin", "tax_id", "document"],
  // Bank and card
  ["bank account", "bank_account_number", "digits"],
  ["bank account number", "bank_account_number", "digits"],
  ["account number", "bank_account_number", "digits"],
  ["checking account", "bank_account_number", "digits"],
  ["savings account", "bank_account_number", "digits"],
  ["card number", "payment_card", "card"],
  ["credit card", "payment_card", "card"],
  ["credit card number", "payment_card", "card"],
  ["cc number", "payment_card", "card"],
  ["pan", "payment_card", "card"],
  ["cvv", "payment_card", "cvv"],
  ["cvc", "payment_card", "cvv"],
  ["cvv2", "payment_card", "cvv"],
  ["card cvv", "payment_card", "cvv"],
  ["security code", "payment_card", "cvv"],
  // Customers' addresses: only fields that say whose address it is. Bare `ip` names a server as
  // often as a customer (`ip: 10.0.0.12` in a node list), so it is not an entry.
  ["sign ip", "ip_address", "ip"],
  ["sign up ip", "ip_address", "ip"],
  ["sign in ip", "ip_address", "ip"],
  ["last sign ip", "ip_address", "ip"],
  ["last sign in ip", "ip_address", "ip"],
  ["current sign in ip", "ip_address", "ip"],
  ["registration ip", "ip_address", "ip"],
  ["registered ip", "ip_address", "ip"],
  ["client ip", "ip_address", "ip"],
  ["customer ip", "ip_address", "ip"],
  ["user ip", "ip_address", "ip"],
  ["visitor ip", "ip_address", "ip"],
  ["member ip", "ip_address", "ip"],
  ["subscriber ip", "ip_address", "ip"],
  ["buyer ip", "ip_address", "ip"],
  ["order ip", "ip_address", "ip"],
  ["checkout ip", "ip_address", "ip"],
  ["purchase ip", "ip_address", "ip"],
  ["device ip", "ip_address", "ip"],
  ["end user ip", "ip_address", "ip"],
  ["remote ip", "ip_address", "ip"],
  ["last ip", "ip_address", "ip"],
  // Payment-provider customers (a `cus_…` under a customer field)
  ["customer", "payment_customer_id", "stripe_customer"],
  ["customer id", "payment_customer_id", "stripe_customer"],
  ["stripe customer", "payment_customer_id", "stripe_customer"],
  ["stripe customer id", "payment_customer_id", "stripe_customer"],
  ["stripe id", "payment_customer_id", "stripe_customer"],
];

const MAX_ENTRY_WORDS = 5;

/**
 * Words after SYNONYMS, with `ip address` / `ip addr` read as `ip`, and beside each the key's own
 * spelling of it (the label keeps `acct_number`, `signup_ip`: every one of those words is in
 * SYNONYMS or the vocabulary, so a label never carries free text from the key).
 */
function normalise(words: string[]): { words: string[]; spelled: string[] } {
  const out: string[] = [];
  const spelled: string[] = [];
  for (const w of words) {
    const word = SYNONYMS[w] ?? w;
    if (word === "address" && out[out.length - 1] === "ip") {
      spelled[spelled.length - 1] += `_${w}`;
      continue;
    }
    out.push(word);
    spelled.push(w);
  }
  return { words: out, spelled };
}

export type FieldClassifier = {
  /** What a key or column header names, or null when it is not a personal-data field. */
  classify(key: string): FieldRule | null;
  /**
   * Whether the word `text[start, end)` (any case, SYNONYMS applied) can end a field name: the gate
   * before `classify`, run at every `:` and `=`, so it hashes the chars in place instead of slicing
   * (a collision only costs a `classify`, which is exact).
   */
  endsFieldAt(text: string, start: number, end: number): boolean;
  /** Whether the word `text[start, end)` is a field name by itself (`dob`, `ssn`; not `id`, `ip`). */
  namesAloneAt(text: string, start: number, end: number): boolean;
};

/** FNV-1a over the lower-cased chars of `text[start, end)`. */
function wordHash(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    let c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h >>> 0;
}

/** The built-in vocabulary plus administrators' fields, which replace a built-in entry of the same words. */
export function createFieldClassifier(custom: CustomField[]): FieldClassifier {
  const entries = new Map<string, Omit<FieldRule, "label">>();
  const lastWords = new Set<string>();
  const singleWords = new Set<string>();
  const add = (words: string[], kind: string, shape: ValueShape) => {
    if (words.length === 0 || words.length > MAX_ENTRY_WORDS) return;
    entries.set(words.join(" "), { kind, shape });
    if (words.length === 1) singleWords.add(words[0]!); // words.length === 1
    const last = words[words.length - 1]!; // words.length > 0
    lastWords.add(last);
    if (last === "ip") lastWords.add("address"); // `signup_ip_address`
  };
  for (const [phrase, kind, shape] of ENTRIES) add(phrase.split(" "), kind, shape);
  for (const { field, kind, shape } of custom) add(normalise(keyWords(field)).words, kind, shape ?? "any");
  // Each word with the spellings SYNONYMS folds into it, hashed.
  const hashes = (words: Set<string>) => {
    const out = new Set<number>();
    for (const word of words) out.add(wordHash(word, 0, word.length));
    for (const [spelling, word] of Object.entries(SYNONYMS)) if (words.has(word)) out.add(wordHash(spelling, 0, spelling.length));
    return out;
  };
  const lastWordHashes = hashes(lastWords);
  const singleWordHashes = hashes(singleWords);
  return {
    endsFieldAt: (text, start, end) => lastWordHashes.has(wordHash(text, start, end)),
    namesAloneAt: (text, start, end) => singleWordHashes.has(wordHash(text, start, end)),
    classify(key) {
      const { words, spelled } = normalise(keyWords(key));
      if (words.length === 0 || words.length > 12) return null;
      // Longest suffix first: `last_sign_in_ip` is itself an entry, more telling than `ip`.
      for (let n = Math.min(MAX_ENTRY_WORDS, words.length); n >= 1; n--) {
        const phrase = words.slice(words.length - n).join(" ");
        const rule = entries.get(phrase);
        if (rule !== undefined) return { kind: rule.kind, shape: rule.shape, label: spelled.slice(spelled.length - n).join("_") };
      }
      return null;
    },
  };
}
