import { describe, expect, it } from "vitest";
import { createFieldClassifier } from "./field-vocabulary";

const fields = createFieldClassifier([]);

describe("field vocabulary", () => {
  it.each([
    ["dob", "date_of_birth", "dob"],
    ["DOB", "date_of_birth", "dob"],
    ["birthDate", "date_of_birth", "birth_date"],
    ["date_of_birth", "date_of_birth", "date_of_birth"],
    ["customer.dateOfBirth", "date_of_birth", "date_of_birth"],
    ["Date of Birth", "date_of_birth", "date_of_birth"],
    ["acct_number", "bank_account_number", "acct_number"],
    ["AcctNo", "bank_account_number", "acct_no"],
    ["bank-account-number", "bank_account_number", "bank_account_number"],
    ["tax_id", "tax_id", "tax_id"],
    ["TIN", "tax_id", "tin"],
    ["nino", "national_id", "nino"],
    ["national_insurance_number", "national_id", "national_insurance_number"],
    ["sin", "national_id", "sin"],
    ["patientSSN", "us_ssn", "ssn"],
    ["social_security_number", "us_ssn", "social_security_number"],
    ["signup_ip", "ip_address", "signup_ip"],
    ["last_login_ip", "ip_address", "last_login_ip"],
    ["lastLoginIpAddress", "ip_address", "last_login_ip_address"],
    ["current_sign_in_ip", "ip_address", "current_sign_in_ip"],
    ["clientIp", "ip_address", "client_ip"],
    ["stripeCustomerId", "payment_customer_id", "stripe_customer_id"],
    ["customer", "payment_customer_id", "customer"],
    ["--passport-no", "passport_number", "passport_no"],
  ])("%s names a %s (reason words `%s`)", (key, kind, label) => {
    expect(fields.classify(key)).toMatchObject({ kind, label });
  });

  it.each(["id", "ip", "server_ip", "host_ip", "ip_address", "dob_format", "ssn_last4", "birth_year", "customer_name", "order_id", "account_id", "build_number", "sin_table", "name", "date", "created_at", "a".repeat(80)])(
    "%s names no personal field",
    (key) => expect(fields.classify(key)).toBeNull(),
  );

  it("administrators' fields join in every spelling and replace a built-in entry of the same words", () => {
    const custom = createFieldClassifier([{ field: "member_no", kind: "member_number", shape: "digits" }, { field: "dob", kind: "birth_day", shape: "any" }]);
    expect(custom.classify("memberNumber")).toMatchObject({ kind: "member_number", shape: "digits", label: "member_number" });
    expect(custom.classify("dob")).toMatchObject({ kind: "birth_day", shape: "any" });
    expect(custom.classify("date_of_birth")).toMatchObject({ kind: "date_of_birth" });
    expect(custom.endsFieldAt("memberNo", 6, 8)).toBe(true);
    expect(custom.endsFieldAt("memberNote", 6, 10)).toBe(false);
  });
});
