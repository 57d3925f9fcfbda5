import { describe, expect, it } from "vitest";
import { createMasker } from "../create-masker";
import { adversarialStructureInputs } from "./adversarial-structure-inputs";
import { InvalidFieldError } from "./custom-fields";

const masker = createMasker({ key: "structure-test-key" });

/** Whether `value` is gone from the masked text, with the kind and the reason recorded for it. */
function expectMasked(text: string, value: string, kind: string, reason: string) {
  const result = masker.maskText(text);
  expect(result.text, `${value} in ${JSON.stringify(text)}`).not.toContain(value);
  expect(result.counts[kind], `${kind} counted for ${JSON.stringify(text)} -> ${result.text}`).toBeGreaterThan(0);
  expect(Object.keys(result.reasons[kind] ?? {})).toContain(reason);
}

function expectKept(text: string, value: string) {
  expect(masker.maskText(text).text, JSON.stringify(text)).toContain(value);
}

describe("structural pass: values named by their key", () => {
  it.each([
    ["JSON", `{"birthDate": "03/14/1971", "plan": "pro"}`, "03/14/1971", "date_of_birth", "field `birth_date`"],
    ["JSON number", `{"bank_account_number": 4410032781, "n": 2}`, "4410032781", "bank_account_number", "field `bank_account_number`"],
    ["form body, percent-encoded", "email=a%40b.example&dob=12%2F01%2F1990&plan=pro", "12%2F01%2F1990", "date_of_birth", "field `dob`"],
    ["query string", "GET /v1/users?acct_number=00123456789&page=2", "00123456789", "bank_account_number", "field `acct_number`"],
    ["logfmt", "ts=2024-05-01T10:00:00Z level=info last_login_ip=81.2.69.142 status=200", "81.2.69.142", "ip_address", "field `last_login_ip`"],
    ["YAML", "customer:\n  nino: JK 40 29 13 B\n  plan: pro", "JK 40 29 13 B", "national_id", "field `nino`"],
    ["Python dict", "{'national_insurance_number': 'JK402913B', 'plan': 'pro'}", "JK402913B", "national_id", "field `national_insurance_number`"],
    ["Python kwargs", 'stripe.Customer.modify(id, tax_id="98-7654321", plan="pro")', "98-7654321", "tax_id", "field `tax_id`"],
    ["SQL SET", "UPDATE users SET date_of_birth = '1979-05-30', plan = 'pro' WHERE id = 7;", "1979-05-30", "date_of_birth", "field `date_of_birth`"],
    ["camelCase", '{"clientIp": "203.0.113.50"}', "203.0.113.50", "ip_address", "field `client_ip`"],
    ["signup IP", '"signup_ip": "198.51.100.23"', "198.51.100.23", "ip_address", "field `signup_ip`"],
    ["Stripe customer", '{"stripeCustomerId": "cus_NffrFeUfNV2Hib"}', "cus_NffrFeUfNV2Hib", "payment_customer_id", "field `stripe_customer_id`"],
    ["Stripe customer in a form", "customer=cus_NffrFeUfNV2Hib&amount=1200", "cus_NffrFeUfNV2Hib", "payment_customer_id", "field `customer`"],
    ["SIN with spaces", "sin=046 454 286", "046 454 286", "national_id", "field `sin`"],
    ["SIN with dashes", '{"sin": "046-454-286"}', "046-454-286", "national_id", "field `sin`"],
    ["SSN without separators", "ssn: 078051120", "078051120", "us_ssn", "field `ssn`"],
    ["SSN with spaces", "patient_ssn=078 05 1120 ward=4", "078 05 1120", "us_ssn", "field `ssn`"],
    ["JSON inside a JSON string", '{"body": "{\\"dob\\": \\"1990-01-12\\"}"}', "1990-01-12", "date_of_birth", "field `dob`"],
    ["passport", "passport_no: C03005988", "C03005988", "passport_number", "field `passport_no`"],
  ])("%s", (_syntax, text, value, kind, reason) => expectMasked(text, value, kind, reason));

  it.each(["1979-05-30", "30.05.1979", "05/30/1979", "30/05/1979", "1979/05/30", "19790530", "30 May 1979", "May 30, 1979", "30-May-79", "1979-05-30T00:00:00Z", "1979-05-30 00:00:00"])(
    "reads %s as a date of birth",
    (date) => expectMasked(`{"date_of_birth": "${date}"}`, date, "date_of_birth", "field `date_of_birth`"),
  );
});

describe("structural pass: values named by their column", () => {
  it("CSV export", () => {
    const csv = "id,email_verified,date_of_birth,ssn,signup_ip,sin\n1,true,1979-05-30,078-05-1120,81.2.69.142,046 454 286\n2,false,30.05.1979,078051120,203.0.113.9,046-454-286\n";
    for (const value of ["1979-05-30", "30.05.1979", "078051120", "81.2.69.142", "203.0.113.9", "046 454 286"]) expect(masker.maskText(csv).text).not.toContain(value);
    const { reasons, text } = masker.maskText(csv);
    expect(reasons.date_of_birth).toEqual({ "column `date_of_birth`": 2 });
    expect(reasons.national_id).toEqual({ "column `sin`": 2 });
    expect(text.split("\n")[0]).toBe("id,email_verified,date_of_birth,ssn,signup_ip,sin");
    expect(text).toContain("\n1,true,");
  });

  it("quoted CSV cells, TSV and semicolons", () => {
    expectMasked('"name","DOB"\n"Doe, Jane","05/30/1979"\n', "05/30/1979", "date_of_birth", "column `dob`");
    expectMasked("id\tbank_account_number\n7\t4410032781\n", "4410032781", "bank_account_number", "column `bank_account_number`");
    expectMasked("id;ssn\n7;078-05-1120\n", "078-05-1120", "us_ssn", "column `ssn`");
  });

  it("psql and MySQL output", () => {
    const psql = " id | date_of_birth |    ssn    | last_login_ip\n----+---------------+-----------+---------------\n  1 | 1979-05-30    | 078051120 | 81.2.69.142\n(1 row)\n";
    for (const value of ["1979-05-30", "078051120", "81.2.69.142"]) expect(masker.maskText(psql).text).not.toContain(value);
    const mysql = "+----+------------+\n| id | dob        |\n+----+------------+\n|  1 | 1979-05-30 |\n+----+------------+\n1 row in set (0.00 sec)";
    expectMasked(mysql, "1979-05-30", "date_of_birth", "column `dob`");
  });

  it("a column named like a secret", () => {
    expectMasked("user,api_key\napp,Zx81kQ2mP0vR7sT4uW9yB3nC\n", "Zx81kQ2mP0vR7sT4uW9yB3nC", "api_key", "column `api_key`");
  });

  it("INSERT … (cols) VALUES (…), (…)", () => {
    const sql = "INSERT INTO customers (id, name, dob, ssn, note) VALUES (1, 'Ann', '1979-05-30', '078051120', 'it''s fine'), (2, 'Bo', '1980-01-02', NULL, 'x');";
    const { text, reasons } = masker.maskText(sql);
    for (const value of ["1979-05-30", "078051120", "1980-01-02"]) expect(text).not.toContain(value);
    expect(text).toContain("'it''s fine'");
    expect(text).toContain("NULL");
    expect(reasons.date_of_birth).toEqual({ "column `dob`": 2 });
  });
});

describe("structural pass: benign look-alikes stay readable", () => {
  it.each([
    ["a field about the format", "dob_format: YYYY-MM-DD", "YYYY-MM-DD"],
    ["an order id", '{"order_id": 4410032781}', "4410032781"],
    ["a build number", "build_number=20240101", "20240101"],
    ["a version", "version: 1.19.79", "1.19.79"],
    ["a timestamp", '{"created_at": "1979-05-30T00:00:00Z"}', "1979-05-30T00:00:00Z"],
    ["a server's address", "server_ip=52.94.76.10 host_ip: 10.0.0.12", "52.94.76.10"],
    ["a node's address", "ip: 10.0.0.12", "10.0.0.12"],
    ["a customer's name, not an id", '{"customer": "acme-corp"}', "acme-corp"],
    ["a cus_ id under a field that is not the customer", '{"id": "cus_NffrFeUfNV2Hib"}', "cus_NffrFeUfNV2Hib"],
    ["a placeholder value", '{"dob": "unknown"}', "unknown"],
    ["an empty-looking SSN", "ssn: XXX-XX-1234", "XXX-XX-1234"],
    ["a sine", "sin = 0.5", "0.5"],
    ["a SIN that fails Luhn", "sin: 046454287", "046454287"],
    ["an id column", "id,dob_verified\n4410032781,true\n", "4410032781"],
    ["a CSV of dates with no personal column", "created_at,updated_at\n1979-05-30,1980-01-01\n", "1979-05-30"],
    ["a psql table of builds", " build | version\n-------+--------\n 20240101 | 1.2.3\n", "20240101"],
  ])("%s", (_what, text, value) => expectKept(text, value));
});

describe("structural pass in maskJson", () => {
  it("masks by key, numbers included, and records why", () => {
    const { value, counts, reasons } = masker.maskJson({
      customer: { dateOfBirth: "1971-03-14", acctNumber: 4410032781, signupIp: "81.2.69.142", id: "cus_NffrFeUfNV2Hib", stripe_customer: "cus_NffrFeUfNV2Hib" },
      orderId: 4410032781,
      dobFormat: "YYYY-MM-DD",
    });
    const json = JSON.stringify(value);
    for (const secret of ["1971-03-14", "81.2.69.142", '"acctNumber":4410032781']) expect(json).not.toContain(secret);
    expect(json).toContain('"orderId":4410032781');
    expect(json).toContain('"id":"cus_NffrFeUfNV2Hib"');
    expect(json).toContain('"dobFormat":"YYYY-MM-DD"');
    expect(counts).toMatchObject({ date_of_birth: 1, bank_account_number: 1, ip_address: 1, payment_customer_id: 1 });
    expect(reasons.bank_account_number).toEqual({ "field `acct_number`": 1 });
    expect(reasons.date_of_birth).toEqual({ "field `date_of_birth`": 1 });
  });

  it("a reason never carries free text from the key, only vocabulary words", () => {
    const { reasons } = masker.maskText("Zx81kQ2mP0_dob=1990-01-12");
    expect(JSON.stringify(reasons)).not.toMatch(/zx81|Zx81|q2m/i);
    expect(reasons.date_of_birth).toEqual({ "field `dob`": 1 });
  });
});

describe("administrators' fields", () => {
  const custom = createMasker({ key: "structure-test-key", customFields: [{ field: "member_no", kind: "member_number", shape: "digits" }, { field: "maiden name", kind: "maiden_name" }] });

  it("mask values under the field in any spelling, with the field as the reason", () => {
    for (const text of ["memberNo=12345678", '{"member_number": "12345678"}', "MEMBER-NO: 12345678", "id,member_no\n1,12345678\n"]) {
      const { text: masked, counts } = custom.maskText(text);
      expect(masked, text).not.toContain("12345678");
      expect(counts.member_number).toBe(1);
    }
    expect(custom.maskJson({ mothersMaidenName: "Smith" }).value).not.toEqual({ mothersMaidenName: "Smith" });
    expect(custom.maskText("member_no=n/a").text).toBe("member_no=n/a");
    expect(custom.maskText("maiden_name: NULL").text).toBe("maiden_name: NULL");
  });

  it("refuse a field masking cannot use, naming it", () => {
    expect(() => createMasker({ key: "k", customFields: [{ field: "--", kind: "x" }] })).toThrow(InvalidFieldError);
    expect(() => createMasker({ key: "k", customFields: [{ field: "member", kind: "Member Number" }] })).toThrow(/member.*snake_case/);
    expect(() => createMasker({ key: "k", customFields: [{ field: "member", kind: "m", shape: "zip" as never }] })).toThrow(/shape must be one of/);
  });
});

describe("structural pass: adversarial inputs", () => {
  // A quadratic parser would not return within the timeout on 1 MB; ratios are in `npm run bench`.
  it.each(Object.entries(adversarialStructureInputs(1024 * 1024)))("masks 1 MB of %s and returns", (_name, input) => {
    expect(typeof masker.maskText(input).text).toBe("string");
  }, 20_000);
});
