import { isLuhnValid } from "../luhn";
import { NINO_UNUSED_PREFIXES } from "../detectors/labelled-identifiers";
import type { LabelledCase } from "./cases";
import { ALPHABETS as A, type Rng } from "./random";

/**
 * Personal data recognisable only from where it stands (the structural pass), written from scratch:
 * values generated per kind, placed under keys in every spelling and syntax, or under column headers
 * in exports and table output; beside them, look-alikes of the same shapes under other names
 * (order ids, build numbers, timestamps, servers' addresses, `id` fields) that must stay readable.
 */

const pad = (n: number, width = 2) => String(n).padStart(width, "0");
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

function birthDate(r: Rng): string {
  const y = r.int(1940, 2005);
  const m = r.int(1, 12);
  const d = r.int(1, 28);
  return r.pick([
    () => `${y}-${pad(m)}-${pad(d)}`,
    () => `${pad(d)}.${pad(m)}.${y}`,
    () => `${pad(m)}/${pad(d)}/${y}`,
    () => `${pad(d)}/${pad(m)}/${y}`,
    () => `${y}/${pad(m)}/${pad(d)}`,
    () => `${y}${pad(m)}${pad(d)}`,
    () => `${d} ${MONTHS[m - 1]} ${y}`,
    () => `${MONTHS[m - 1]!.slice(0, 3)} ${d}, ${y}`,
  ])();
}

function ssn(r: Rng): string {
  let area = r.int(1, 899);
  if (area === 666) area = 667;
  const parts = [pad(area, 3), pad(r.int(1, 99)), pad(r.int(1, 9999), 4)];
  return parts.join(r.pick(["-", "", " "]));
}

function sin(r: Rng): string {
  for (;;) {
    const digits = `${r.pick(["1", "2", "3", "4", "5", "6", "7", "9"])}${r.chars(A.digits, 8)}`;
    if (!isLuhnValid(digits)) continue;
    const sep = r.pick([" ", "-", ""]);
    return `${digits.slice(0, 3)}${sep}${digits.slice(3, 6)}${sep}${digits.slice(6)}`;
  }
}

function nino(r: Rng): string {
  let first: string;
  let second: string;
  // Prefixes HMRC never issues are placeholders, which both detectors rightly leave readable.
  do {
    first = r.pick("ABCEGHJKLMNOPRSTWXYZ".split(""));
    second = r.pick("ABCEGHJKLMNPRSTWXYZ".split(""));
  } while (NINO_UNUSED_PREFIXES.has(`${first}${second}`));
  const digits = [r.chars(A.digits, 2), r.chars(A.digits, 2), r.chars(A.digits, 2)];
  const suffix = r.pick(["A", "B", "C", "D"]);
  return r.chance(0.5) ? `${first}${second}${digits.join("")}${suffix}` : `${first}${second} ${digits.join(" ")} ${suffix}`;
}

const bankAccount = (r: Rng) => `${r.int(1, 9)}${r.chars(A.digits, r.int(7, 11))}`;
const taxId = (r: Rng) => (r.chance(0.5) ? `${r.chars(A.digits, 2)}-${r.chars(A.digits, 7)}` : `9${r.chars(A.digits, 2)}-7${r.chars(A.digits, 1)}-${r.chars(A.digits, 4)}`);
const passport = (r: Rng) => `${r.pick(["C", "E", "K", "X"])}${r.chars(A.digits, 8)}`;
const stripeCustomer = (r: Rng) => `cus_${r.chars(A.base62, 14)}`;

/** A public address (a customer's, as a server sees it): not private, loopback or link-local. */
function publicIp(r: Rng): string {
  if (r.chance(0.15)) return `2a02:${r.chars(A.hex, 4)}:${r.chars(A.hex, 4)}::${r.chars(A.hex, 3)}`;
  for (;;) {
    const a = r.int(1, 223);
    if (a === 10 || a === 127 || a === 172 || a === 192 || a === 169 || a === 100) continue;
    return `${a}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;
  }
}

type Field = { kind: string; value: (r: Rng) => string; keys: string[]; headers: string[]; digitsOnly?: boolean };

const FIELDS: Field[] = [
  { kind: "date_of_birth", value: birthDate, keys: ["dob", "DOB", "birthDate", "date_of_birth", "dateOfBirth", "birth_date", "customer_dob", "birthday"], headers: ["date_of_birth", "dob", "Date of Birth", "birthdate"] },
  { kind: "us_ssn", value: ssn, keys: ["ssn", "SSN", "social_security_number", "socialSecurityNumber", "patient_ssn"], headers: ["ssn", "SSN", "social_security_number"] },
  { kind: "national_id", value: sin, keys: ["sin", "SIN", "social_insurance_number"], headers: ["sin", "social_insurance_number"] },
  { kind: "national_id", value: nino, keys: ["nino", "NINO", "national_insurance_number", "ni_number", "niNumber"], headers: ["nino", "national_insurance_number"] },
  { kind: "bank_account_number", value: bankAccount, keys: ["bank_account_number", "acct_number", "account_number", "accountNo", "bankAccount", "acct_no"], headers: ["bank_account_number", "acct_number", "account_number"], digitsOnly: true },
  { kind: "tax_id", value: taxId, keys: ["tax_id", "taxId", "tin", "tax_number"], headers: ["tax_id", "tin"] },
  { kind: "passport_number", value: passport, keys: ["passport_number", "passportNo", "passport"], headers: ["passport_number", "passport_no"] },
  { kind: "ip_address", value: publicIp, keys: ["signup_ip", "last_login_ip", "clientIp", "lastLoginIp", "current_sign_in_ip", "registration_ip", "customer_ip_address"], headers: ["signup_ip", "last_login_ip", "client_ip"] },
  { kind: "payment_customer_id", value: stripeCustomer, keys: ["stripeCustomerId", "stripe_customer_id", "customer", "stripe_customer"], headers: ["stripe_customer_id", "stripe_customer"] },
];

const timestamp = (r: Rng) => new Date(Date.UTC(2024, r.int(0, 11), r.int(1, 28), r.int(0, 23), r.int(0, 59))).toISOString();
const orderId = (r: Rng) => `${r.int(1, 9)}${r.chars(A.digits, 9)}`;
const buildNumber = (r: Rng) => `2024${pad(r.int(1, 12))}${pad(r.int(1, 28))}${r.chars(A.digits, 2)}`;
const serverIp = (r: Rng) => (r.chance(0.5) ? `10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}` : `52.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`);
const snake = (key: string) => key.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();

/** `key <sep> value` in the syntaxes agents paste; `value` is the text as written there. */
const KEYED_SYNTAXES: Array<[string, (key: string, value: string, digitsOnly: boolean, r: Rng) => { text: string; written: string }]> = [
  ["json", (k, v, digits, r) => ({ text: `{"id": ${orderId(r)}, "${k}": ${digits && r.chance(0.5) ? v : `"${v}"`}, "plan": "pro"}`, written: v })],
  ["yaml", (k, v, _d, r) => ({ text: `customer:\n  id: ${orderId(r)}\n  ${k}: ${v}\n  plan: pro`, written: v })],
  ["logfmt", (k, v, _d, r) => ({ text: `ts=${timestamp(r)} level=info msg="profile updated" ${k}=${v.includes(" ") ? `"${v}"` : v} status=200`, written: v })],
  ["form", (k, v) => ({ text: `POST /signup HTTP/1.1\nContent-Type: application/x-www-form-urlencoded\n\nemail_opt_in=1&${k}=${encodeURIComponent(v)}&plan=pro`, written: encodeURIComponent(v) })],
  ["query", (k, v, _d, r) => ({ text: `GET /v1/customers/search?${k}=${encodeURIComponent(v)}&page=${r.int(1, 9)} HTTP/1.1`, written: encodeURIComponent(v) })],
  ["python-dict", (k, v) => ({ text: `payload = {'${k}': '${v}', 'plan': 'pro'}`, written: v })],
  ["python-kwargs", (k, v) => ({ text: `client.customers.update(customer_ref, ${snake(k)}="${v}", plan="pro")`, written: v })],
  ["sql-set", (k, v, _d, r) => ({ text: `UPDATE customers SET ${snake(k)} = '${v}', updated_at = now() WHERE id = ${orderId(r)};`, written: v })],
];

function keyedCase(field: Field): (r: Rng) => LabelledCase {
  return (r) => {
    const value = field.value(r);
    const [context, wrap] = r.pick(KEYED_SYNTAXES);
    const { text, written } = wrap(r.pick(field.keys), value, field.digitsOnly === true, r);
    return { context: `structure-${context}`, text, secrets: [{ kind: field.kind, value: written }], benign: [] };
  };
}

type Table = { header: string[]; rows: string[][] };

const TABLE_SYNTAXES: Array<[string, (t: Table) => string]> = [
  ["csv", (t) => [t.header, ...t.rows].map((row) => row.map((c) => (c.includes(",") ? `"${c}"` : c)).join(",")).join("\n")],
  ["tsv", (t) => [t.header, ...t.rows].map((row) => row.join("\t")).join("\n")],
  [
    "psql",
    (t) => {
      const widths = t.header.map((h, i) => Math.max(h.length, ...t.rows.map((row) => row[i]!.length))); // rows are as wide as the header
      const line = (row: string[]) => row.map((c, i) => ` ${c.padEnd(widths[i]!)} `).join("|");
      return [line(t.header), widths.map((w) => "-".repeat(w + 2)).join("+"), ...t.rows.map(line), `(${t.rows.length} rows)`].join("\n");
    },
  ],
  [
    "mysql",
    (t) => {
      const widths = t.header.map((h, i) => Math.max(h.length, ...t.rows.map((row) => row[i]!.length)));
      const border = `+${widths.map((w) => "-".repeat(w + 2)).join("+")}+`;
      const line = (row: string[]) => `|${row.map((c, i) => ` ${c.padEnd(widths[i]!)} `).join("|")}|`;
      return [border, line(t.header), border, ...t.rows.map(line), border, `${t.rows.length} rows in set (0.01 sec)`].join("\n");
    },
  ],
  [
    "sql-insert",
    (t) => `INSERT INTO customers (${t.header.map(snake).join(", ")}) VALUES\n${t.rows.map((row) => `  (${row.map((c) => (/^[0-9]+$/.test(c) ? c : `'${c}'`)).join(", ")})`).join(",\n")};`,
  ],
];

function columnCase(field: Field): (r: Rng) => LabelledCase {
  return (r) => {
    const [context, render] = r.pick(TABLE_SYNTAXES);
    const header = context === "sql-insert" ? r.pick(field.headers.filter((h) => !h.includes(" "))) : r.pick(field.headers);
    const rows = Array.from({ length: r.int(1, 4) }, () => ({ id: orderId(r), created: timestamp(r).slice(0, 10), value: field.value(r) }));
    const table: Table = { header: ["order_id", "created_on", header, "plan"], rows: rows.map((row) => [row.id, row.created, row.value, r.pick(["pro", "free", "team"])]) };
    return {
      context: `structure-${context}`,
      text: `$ export --format ${context}\n${render(table)}\n`,
      secrets: rows.map((row) => ({ kind: field.kind, value: row.value })),
      benign: rows.flatMap((row) => [{ category: "order_id", value: row.id }, { category: "timestamp", value: row.created }]),
    };
  };
}

export const STRUCTURE_SECRET_CASES: Array<(r: Rng) => LabelledCase> = FIELDS.flatMap((field) => [keyedCase(field), columnCase(field)]);

/** Same shapes, other names: what the structural pass must leave readable. */
export const STRUCTURE_BENIGN_CASES: Array<(r: Rng) => LabelledCase> = [
  (r) => {
    const id = orderId(r);
    const build = buildNumber(r);
    return { context: "structure-json", text: `{"order_id": ${id}, "build_number": "${build}", "dob_format": "YYYY-MM-DD"}`, secrets: [], benign: [{ category: "order_id", value: id }, { category: "build_number", value: build }, { category: "field_metadata", value: "YYYY-MM-DD" }] };
  },
  (r) => {
    const a = serverIp(r);
    const b = serverIp(r);
    return { context: "structure-logfmt", text: `ts=${timestamp(r)} level=info server_ip=${a} upstream=${b}:8080 node_ip=${a}`, secrets: [], benign: [{ category: "server_ip", value: a }, { category: "server_ip", value: b }] };
  },
  (r) => {
    const ip = serverIp(r);
    const id = orderId(r);
    return { context: "structure-yaml", text: `nodes:\n  - name: worker-${r.int(1, 9)}\n    ip: ${ip}\n    id: ${id}\n    version: 1.${r.int(20, 31)}.${r.int(0, 9)}`, secrets: [], benign: [{ category: "server_ip", value: ip }, { category: "id", value: id }] };
  },
  (r) => {
    const invoice = `in_${r.chars(A.base62, 14)}`;
    const created = timestamp(r);
    return { context: "structure-json", text: `{"id": "${invoice}", "object": "invoice", "customer_name": "Acme Corp", "created": "${created}", "account_id": "${r.chars(A.digits, 12)}"}`, secrets: [], benign: [{ category: "id", value: invoice }, { category: "timestamp", value: created }] };
  },
  (r) => {
    const rows = Array.from({ length: r.int(1, 4) }, () => ({ id: orderId(r), shipped: timestamp(r).slice(0, 10), host: serverIp(r) }));
    const csv = ["order_id,shipped_on,warehouse_ip,status", ...rows.map((row) => `${row.id},${row.shipped},${row.host},shipped`)].join("\n");
    return { context: "structure-csv", text: csv, secrets: [], benign: rows.flatMap((row) => [{ category: "order_id", value: row.id }, { category: "timestamp", value: row.shipped }, { category: "server_ip", value: row.host }]) };
  },
  (r) => {
    const build = buildNumber(r);
    const version = `${r.int(1, 9)}.${r.int(0, 30)}.${r.int(0, 99)}`;
    return { context: "structure-psql", text: ` build    | version | released\n----------+---------+------------\n ${build} | ${version} | 2024-05-30\n(1 row)`, secrets: [], benign: [{ category: "build_number", value: build }, { category: "version", value: version }, { category: "timestamp", value: "2024-05-30" }] };
  },
  (r) => {
    const angle = `0.${r.chars(A.digits, 4)}`;
    return { context: "structure-python", text: `x = math.sin(theta)\nparams = {'sin': ${angle}, 'cos': 0.5}\nplot(sin=${angle})`, secrets: [], benign: [{ category: "number", value: angle }] };
  },
  (r) => {
    const id = orderId(r);
    return { context: "structure-sql-insert", text: `INSERT INTO orders (id, customer_name, placed_on) VALUES (${id}, 'Acme Corp', '2024-05-30');`, secrets: [], benign: [{ category: "order_id", value: id }, { category: "timestamp", value: "2024-05-30" }] };
  },
];
