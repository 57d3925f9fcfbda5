import { describe, expect, it } from "vitest";
import { maskedKinds } from "./test-masker";

const HEX32 = "0123456789abcdef".repeat(2);
const SID = `AC${"fedcba9876543210".repeat(2)}`;
const AUTH = "9b0f".repeat(8);

describe("credentials recognisable by what they follow", () => {
  it("masks the X-Amz-Signature of an AWS presigned URL and keeps the rest of the URL readable", () => {
    const signature = "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";
    const url =
      "https://acme-exports.s3.eu-west-1.amazonaws.com/2024/orders.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256" +
      "&X-Amz-Date=20240115T100000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=" + signature;
    const { text, kinds } = maskedKinds(`curl -o orders.csv "${url}"`);
    expect(kinds).toEqual(["aws_presigned_signature"]);
    expect(text).not.toContain(signature.slice(8));
    expect(text).toContain("X-Amz-Date=20240115T100000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=[aws_presigned_signature:");
    // The payload hash header is a digest of the body, not a credential.
    const payloadHash = `x-amz-content-sha256: ${signature}`;
    expect(maskedKinds(payloadHash).text).toBe(payloadHash);
  });

  it("masks Datadog application keys under their header and variable names", () => {
    for (const line of [`curl -H "DD-APPLICATION-KEY: ${HEX32}abcd1234" https://api.datadoghq.com/api/v1/monitor`, `DATADOG_APPLICATION_KEY=${HEX32}abcd1234`]) {
      const { text, kinds } = maskedKinds(line);
      expect(kinds, line).toEqual(["datadog_api_key"]);
      expect(text).not.toContain(HEX32);
    }
    for (const benign of ["DD_APPLICATION_KEY_ID=4f1c2d9e-0000-4000-8000-000000000001", "dd_application_key_name: ci-monitors"]) {
      expect(maskedKinds(benign).text).toBe(benign);
    }
  });

  it("masks a Twilio auth token after its account SID, and keeps the SID", () => {
    for (const line of [
      `curl -X POST https://api.twilio.com/2010-04-01/Accounts/${SID}/Messages.json -u ${SID}:${AUTH}`,
      `client = Client("${SID}", "${AUTH}")`,
      `client = Client('${SID}','${AUTH}')`,
      `https://${SID}:${AUTH}@api.twilio.com/2010-04-01/Accounts.json`,
    ]) {
      const { text, kinds } = maskedKinds(line);
      expect(kinds, line).toContain("twilio_auth_token");
      expect(text, line).not.toContain(AUTH.slice(4));
      expect(text, line).toContain(SID);
    }
    for (const benign of [`GET /2010-04-01/Accounts/${SID}/Calls.json`, `client = Client("${SID}", region="ie1")`, `sids: ${SID}, ${SID}`]) {
      expect(maskedKinds(benign).text).toBe(benign);
    }
  });
});
