import { describe, expect, it } from "vitest";
import { maskedKinds } from "./test-masker";

describe("weak identifier formats with strong labels", () => {
  it.each([
    ["us_ssn", "ssn: 123456789"],
    ["us_ssn", "SSN 123 45 6789"],
    ["us_ssn", '{"applicantSsn": "123456789"}'],
    ["us_ssn", "social_security_number=123 45 6789"],
    ["us_ssn", "Social Security Number: 123456789"],
    ["national_id", "sin: 046 454 286"],
    ["national_id", "SIN 046-454-286"],
    ["national_id", "social_insurance_number=046454286"],
    ["national_id", "nino: JK 40 29 13 B"],
    ["national_id", "National Insurance number JK402913B"],
    ["national_id", '{\\"nino\\": \\"JK 40 29 13 B\\"}'],
    ["payment_card", "card_number=30569309025904"],
    ["payment_card", "Diners Club: 38520000023237"],
  ])("masks a %s after its label: %s", (kind, text) => {
    const masked = maskedKinds(text);
    expect(masked.kinds).toEqual([kind]);
    expect(masked.text.replace(/\[[a-z_]+:[0-9a-f]{6}\]/g, "")).not.toMatch(/[0-9]{2}/);
  });

  it("masks a 14-digit Diners Club card printed 4-6-4 without a label", () => {
    expect(maskedKinds("charge 3056 930902 5904 declined").text).toMatch(/^charge \[payment_card:[0-9a-f]{6}\] declined$/);
  });

  it("leaves look-alikes alone: no label, a failed check digit, an unissued prefix or range", () => {
    const benign = [
      "order 123456789 shipped", "build 123 45 6789", "ssn: 000000000", "ssn: 666 45 6789", "ssn_last_updated: 2024-01-15",
      "sin(0.5) = 0.479425538", "SIN 046454287", "SIN 046-454-287", "using 046-454-286 as seed",
      "nino: DF 40 29 13 B", "nino: GB 40 29 13 B", "nino: JK 40 29 13 E", "NINO JK402913",
      "card 30569309025905", "id 30569309025904", "Japan 30569309025904", "order 3056 930902 5905", "ref 2056 930902 5904",
    ];
    for (const text of benign) expect(maskedKinds(text).text, text).toBe(text);
  });
});
