import { describe, expect, it } from "vitest";
import { CallMemo } from "./call-memo";
import { generateCorpus } from "./corpus/cases";
import { createRng } from "./corpus/random";
import { FORMAT_GENERATORS, FORMAT_KINDS, email, iban, nationalId, paymentCard, phoneNumber, usSsn } from "./corpus/secret-values";
import { BUILT_IN_DETECTORS } from "./engine";
import { TextFacts } from "./text-facts";
import type { Finding } from "./types";

/** Facts that let every gated detector through: what the detectors did before they had gates. */
class UngatedFacts extends TextFacts {
  override maxNumericRunDigits(): number {
    return Number.MAX_SAFE_INTEGER;
  }
  override maxConsecutiveDigits(): number {
    return Number.MAX_SAFE_INTEGER;
  }
  override hasIbanStart(): boolean {
    return true;
  }
  override mentions(): boolean {
    return true;
  }
  override firstKeyStem(): number {
    return 0;
  }
}

/** What the gates look at, glued at random: digit runs and their separators, capitals, trigger words. */
const PIECES = [
  "0", "1", "4", "9", "12", "123", "4111", " ", "-", ".", "(", ")", "+", "+1", "+44", "/", ":", "=", "_", "X", "Y", "Z", "DE", "GB",
  "NL", "ES", "a", "\n", "é", "AKIA", "ASIA", "aws", "Secret", "ip", "IP", "Addr", "forwarded", "IDENTIFIED BY ", "PassWord", "token",
  "key", "@", "://", "%41", "eyJ", "sk-", "xoxb-", "Q~", "-us", "NRAL", ":AA", "EAA", "AAAA", "client_ip=", "X-Forwarded-For: ",
  "NRAL", "1NRAL", "aQ~", "9Q~", "x.atlasv1.", "AKIA", "-AKIA", "ghp_", "xghp_", "1ghp_", "https://", "sig=", "AccountKey=",
  "ssn: ", "SIN ", "nino ", "JK", " B", "card ", "3056", "X-Amz-Signature=", "AC", "arn:",
];

/** The fewest digits each family can find, right at the gates' thresholds. */
const AT_THRESHOLD = [
  "4222222222222", "4222-2222-2222-2", "+12345678", "+1 (234) 56-78", "030 123456", "123-45-6789", "12345678Z", "X1234567L",
  "111.444.777-35", "11010519491231002X", "GB82 WEST 1234 5698 7654 32", "client_ip=::", "x-forwarded-for: 10.0.0.1",
  "nino JK402913B", "nino: JK 40 29 13 B", "ssn 123 45 6789", "card 30569309025904",
];

function texts(): string[] {
  const out = generateCorpus(7, 1500).map((c) => c.text);
  for (const t of AT_THRESHOLD) out.push(t, `id ${t}.`, `(${t})`, `a${t}`);
  for (let seed = 0; seed < 3000; seed++) {
    const r = createRng(seed);
    let t = "";
    for (let i = r.int(1, 30); i > 0; i--) {
      const p = r.int(0, 9);
      if (p === 0) t += r.pick([() => paymentCard(r), () => email(r), () => iban(r), () => usSsn(r), () => nationalId(r), () => phoneNumber(r), () => FORMAT_GENERATORS[r.pick(FORMAT_KINDS)](r)])();
      else if (p < 4) t += r.chars("0123456789", r.int(1, 20));
      else t += r.pick(PIECES);
    }
    out.push(t);
  }
  return out;
}

function run(detect: (typeof BUILT_IN_DETECTORS)[number], text: string, facts: TextFacts): Finding[] {
  const out: Finding[] = [];
  detect(text, out, facts);
  return out;
}

describe("text facts", () => {
  it("gate nothing away: every detector finds the same with and without the facts' pre-checks", () => {
    let gated = 0;
    for (const text of texts()) {
      const facts = new TextFacts(text, new CallMemo());
      if (facts.maxNumericRunDigits() < 9 || !facts.hasIbanStart() || !facts.mentions(2) || facts.firstKeyStem() < 0) gated++;
      for (const detect of BUILT_IN_DETECTORS) {
        expect(run(detect, text, facts), `${detect.name} on ${JSON.stringify(text)}`).toEqual(run(detect, text, new UngatedFacts(text, new CallMemo())));
      }
    }
    expect(gated).toBeGreaterThan(1000); // the pre-checks did reject most of these texts for some family
  }, 20_000);

  it("reads digit runs, IBAN starts, words and token runs", () => {
    const facts = new TextFacts("call +44 (20) 7946-0958 or GB82WEST… id 12345678901234567 Client-IP; PASSword=x " + "A".repeat(30) + "==", new CallMemo());
    expect(facts.maxNumericRunDigits()).toBe(17);
    expect(facts.maxConsecutiveDigits()).toBe(17);
    expect(facts.hasIbanStart()).toBe(true);
    expect(new TextFacts("xGB82WEST", new CallMemo()).hasIbanStart()).toBe(false);
    expect(facts.mentions(4)).toBe(true);
    expect(facts.mentions(8)).toBe(false);
    expect(facts.firstKeyStem()).toBe(facts.text.indexOf("PASS"));
    const end = facts.text.length - 2;
    expect(facts.tokenRuns()).toEqual([end - 30, end, end + 2]);
    // `PASSword=x` and the padding `==`: every `=`, in order.
    expect(facts.separators()).toEqual([facts.text.indexOf("=x"), end, end + 1]);
    expect(facts.lineBreaks()).toEqual([]);
  });

  it("records where the structural pass's anchors are: every `:`, `=` and line break, in order", () => {
    const text = "dob: 1979-05-30\nssn=123\r\n\nurl=https://x.test/?a=1:2\n";
    const facts = new TextFacts(text, new CallMemo());
    const at = (chars: string) => [...text].flatMap((c, i) => (chars.includes(c) ? [i] : []));
    expect(facts.separators()).toEqual(at(":="));
    expect(facts.lineBreaks()).toEqual(at("\n"));
    expect(facts.separators().length).toBe(6);
  });
});
