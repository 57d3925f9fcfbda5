/**
 * Inputs built against the structural pass: what its parsers anchor on (separators, header rows,
 * column lists), repeated or nested to 1 MB. Each must cost about what ordinary text costs.
 */
export function adversarialStructureInputs(bytes: number): Record<string, string> {
  const fill = (unit: string) => unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
  const half = Math.floor(bytes / 2);
  const columns = Array.from({ length: 10_000 }, (_, i) => (i % 2 === 0 ? "dob" : `c${i}`)).join(",");
  const row = Array.from({ length: 10_000 }, (_, i) => (i % 2 === 0 ? "1990-01-12" : String(i))).join(",");
  const wide = [columns];
  for (let size = columns.length; size < bytes; size += row.length + 1) wide.push(row);
  return {
    "nested JSON": `${'{"dob":'.repeat(Math.floor(half / 7))}"1990-01-12"${"}".repeat(Math.floor(half / 7))}`.slice(0, bytes),
    "one-line CSV": fill("dob,ssn,signup_ip,"),
    "10,000 columns": wide.join("\n").slice(0, bytes),
    "dob= repeated": fill("dob="),
    '"dob": " repeated': fill('"dob": "'),
    "\\\"dob\\\": repeated": fill('\\"dob\\": \\"'),
    "ssn: with digit groups": fill("ssn: 123 45 "),
    "INSERT repeated": fill("insert into t (dob, "),
    "INSERT tuples": `insert into t (dob, ssn) values ${fill("('1990-01-12', '123-45-6789'), ")}`.slice(0, bytes),
    "psql header lines": fill(" dob | ssn | x \n"),
    "separator lines": fill("+----+----+\n| dob | ssn |\n"),
    "long key": fill(`${"a".repeat(200)}_dob=`),
  };
}
