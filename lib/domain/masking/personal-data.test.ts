import { describe, expect, it } from "vitest";
import { maskedKinds } from "./test-masker";

describe("personal data", () => {
  it("masks emails but not git remotes, URL users or package specs", () => {
    expect(maskedKinds("reset for alice.smith@example.com").kinds).toEqual(["email"]);
    for (const benign of ["git@github.com:acme/app.git", "npm i react@18.2.0", "nginx@sha256:abc", "https://bob@host.example.com/x"]) {
      expect(maskedKinds(benign).text).toBe(benign);
    }
  });

  it("masks E.164 and common national phone formats, not dates, versions or ids", () => {
    for (const phone of ["+14155552671", "+44 20 7946 0958", "(415) 555-2671", "415-555-2671", "020 7946 0958", "06 12 34 56 78"]) {
      expect(maskedKinds(`call ${phone} now`).kinds, phone).toEqual(["phone_number"]);
    }
    for (const benign of ["2024-01-15", "v1.24.3", "1712345678", "order 100-200-3000x", "10.0.0.1"]) {
      expect(maskedKinds(benign).kinds, benign).toEqual([]);
    }
  });

  it("masks German, Dutch, Indian and Australian national formats, not numbers that only look grouped", () => {
    const phones = [
      "030 1234567", "0151 23456789", "0171-1234567", "(030) 1234567", // DE
      "06 12345678", "06-12345678", "020-1234567", "020 123 4567", // NL
      "98765 43210", "98765-43210", // IN mobile
      "0412 345 678", "(02) 9876 5432", "02 9876 5432", // AU
    ];
    for (const phone of phones) expect(maskedKinds(`call ${phone} now`).kinds, phone).toEqual(["phone_number"]);
    const benign = [
      "0150 1234", "01/2024 report", "/srv/0301/12345678/log", "build 06-20240101", "chmod 0644 file", "between 0900-1700",
      "df: /dev/sda1 98304 12345 85959 13% /", "ids 71234 54321 88888", "port 8080 12345", "took 01234 ms",
    ];
    for (const text of benign) expect(maskedKinds(text).text, text).toBe(text);
  });

  it("masks Luhn-valid cards with or without separators, not Luhn-invalid ones", () => {
    for (const card of ["4111111111111111", "4111 1111 1111 1111", "5500-0000-0000-0004", "3782 822463 10005"]) {
      expect(maskedKinds(`card ${card}`).kinds, card).toEqual(["payment_card"]);
    }
    expect(maskedKinds("card 4111 1111 1111 1112").kinds).toEqual([]);
    expect(maskedKinds("ts_ms=1712345678901").kinds).toEqual([]);
  });

  it("finds a card inside a longer run of digit groups: before an expiry, after a reference, after an IBAN", () => {
    expect(maskedKinds("card 4111 1111 1111 1111 12/27").text).toMatch(/^card \[payment_card:[0-9a-f]{6}\] 12\/27$/);
    expect(maskedKinds("ref 1234 5678 4111 1111 1111 1111").text).toMatch(/^ref 1234 5678 \[payment_card:[0-9a-f]{6}\]$/);
    expect(maskedKinds("FR60 0214 5664 5209 4768 6512 830 5502-1456-6452-0942").kinds).toEqual(["iban", "payment_card"]);
    expect(maskedKinds("order 1234 5678 9012 3456 12").kinds).toEqual([]);
    // A reference that happens to read as a card must not leave the real card's tail readable.
    expect(maskedKinds("refund ref 3579 8403 4305 9394 0604 5362 approved").text).toMatch(/^refund ref \[payment_card:[0-9a-f]{6}\] approved$/);
  });

  it("masks mod-97-valid IBANs only", () => {
    expect(maskedKinds("iban DE89 3704 0044 0532 0130 00 ok").kinds).toEqual(["iban"]);
    expect(maskedKinds("iban GB82WEST12345698765432").kinds).toEqual(["iban"]);
    expect(maskedKinds("iban DE89 3704 0044 0532 0130 01").kinds).toEqual([]);
    // A look-alike with no such country must not swallow the real IBAN after it.
    expect(maskedKinds("ref GJ06E9JS6NKT3AHKTAVFEGBU5MA FR60 0214 5664 5209 4768 6512 830").kinds).toEqual(["iban"]);
  });

  it("masks US SSNs and checksummed national ids", () => {
    expect(maskedKinds("ssn 123-45-6789").kinds).toEqual(["us_ssn"]);
    expect(maskedKinds("ssn 666-45-6789").kinds).toEqual([]);
    expect(maskedKinds("dni 12345678Z").kinds).toEqual(["national_id"]);
    expect(maskedKinds("dni 12345678A").kinds).toEqual([]);
    expect(maskedKinds("cpf 529.982.247-25").kinds).toEqual(["national_id"]);
    expect(maskedKinds("id 11010519491231002X").kinds).toEqual(["national_id"]);
  });

  it("masks IP addresses only where a key says they are a client's", () => {
    expect(maskedKinds("client_ip=203.0.113.7 upstream=10.0.0.5").text).toMatch(/^client_ip=\[ip_address:[0-9a-f]{6}\] upstream=10\.0\.0\.5$/);
    expect(maskedKinds("X-Forwarded-For: 203.0.113.7, 2001:db8::1").kinds).toEqual(["ip_address"]);
    expect(maskedKinds('{"remote_addr": "198.51.100.23"}').kinds).toEqual(["ip_address"]);
    expect(maskedKinds("server 10.0.0.5:8080").kinds).toEqual([]);
  });

  it("masks admin-configured customer identifiers", () => {
    expect(maskedKinds("refund cus_ABCDEFGHIJKLMN and ACME-12345678").text).toMatch(/^refund \[customer_id:[0-9a-f]{6}\] and \[customer_id:[0-9a-f]{6}\]$/);
  });
});
