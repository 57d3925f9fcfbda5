import type { Masker } from "../types";
import type { LabelledCase } from "./cases";

/** Whether any 8-char window of `secret` survives in `output`, not counting windows that the text
 * around the secrets also contains ("https://" of a webhook URL is in every curl line). */
function leaks(secret: string, output: string, around: string): boolean {
  if (secret.length < 8) return output.includes(secret);
  for (let i = 0; i + 8 <= secret.length; i++) {
    const window = secret.slice(i, i + 8);
    if (output.includes(window) && !around.includes(window)) return true;
  }
  return false;
}

type Row = { n: number; ok: number; kindOk?: number };

function percent(ok: number, n: number): string {
  return `${((100 * ok) / n).toFixed(2)}%`;
}

export type CorpusScore = { recall: number; preserved: number; recallByKind: Map<string, number>; preservedByCategory: Map<string, number> };

/** Masks every case, prints recall per kind and benign values kept per category, returns the rates. */
export function scoreCorpus(masker: Masker, corpus: LabelledCase[]): CorpusScore {
  const secrets = new Map<string, Row>();
  const benign = new Map<string, Row>();
  const misses: string[] = [];
  for (const c of corpus) {
    const { text, counts } = masker.maskText(c.text);
    const around = c.secrets.reduce((t, s) => t.split(s.value).join("\u0000"), c.text);
    for (const s of c.secrets) {
      const row = secrets.get(s.kind) ?? { n: 0, ok: 0, kindOk: 0 };
      row.n++;
      if (!leaks(s.value, text, around)) row.ok++;
      else if (misses.length < 20) misses.push(`[${s.kind}/${c.context}] ${JSON.stringify(c.text)} -> ${JSON.stringify(text)}`);
      if (counts[s.kind]) row.kindOk!++;
      secrets.set(s.kind, row);
    }
    for (const b of c.benign) {
      const row = benign.get(b.category) ?? { n: 0, ok: 0 };
      row.n++;
      if (text.includes(b.value)) row.ok++;
      else if (misses.length < 20) misses.push(`[benign ${b.category}/${c.context}] ${JSON.stringify(b.value)} -> ${JSON.stringify(text)}`);
      benign.set(b.category, row);
    }
  }
  const table = [...secrets].sort().map(([kind, r]) => ({ kind, values: r.n, recall: percent(r.ok, r.n), kind_reported: percent(r.kindOk!, r.n) }));
  const benignTable = [...benign].sort().map(([category, r]) => ({ category, values: r.n, preserved: percent(r.ok, r.n) }));
  const total = (m: Map<string, Row>) => [...m.values()].reduce((a, r) => ({ n: a.n + r.n, ok: a.ok + r.ok }), { n: 0, ok: 0 });
  const s = total(secrets);
  const b = total(benign);
  console.log("Recall per kind");
  console.table(table);
  console.log("Benign look-alikes preserved (over-masking = 100% - preserved)");
  console.table(benignTable);
  console.log(`secrets: ${s.ok}/${s.n} masked (${percent(s.ok, s.n)}); benign: ${b.ok}/${b.n} preserved (${percent(b.ok, b.n)})`);
  if (misses.length > 0) console.log(misses.join("\n"));
  const rates = (m: Map<string, Row>) => new Map([...m].map(([k, r]) => [k, r.ok / r.n]));
  return { recall: s.ok / s.n, preserved: b.ok / b.n, recallByKind: rates(secrets), preservedByCategory: rates(benign) };
}
