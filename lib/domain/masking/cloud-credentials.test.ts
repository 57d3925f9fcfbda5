import { describe, expect, it } from "vitest";
import { maskedKinds } from "./test-masker";

describe("cloud credentials", () => {
  it("masks AWS key ids, secret keys (with context) and session tokens", () => {
    const { text, kinds } = maskedKinds(
      "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n" +
        "aws_session_token = IQoJb3JpZ2luX2VjEJr" + "A".repeat(300),
    );
    expect(kinds).toEqual(["aws_access_key_id", "aws_secret_access_key", "aws_session_token"]);
    expect(text).not.toContain("AKIAIOSFODNN7EXAMPLE");
    expect(text).toContain("aws_access_key_id = [aws_access_key_id:");
  });

  it("does not take a git SHA or an uncontexted 40-char string for an AWS secret", () => {
    const sha = "3f9a1c0d2b7e4f5a6b8c9d0e1f2a3b4c5d6e7f80";
    expect(maskedKinds(`commit ${sha}`).text).toBe(`commit ${sha}`);
    expect(maskedKinds("build id Abcdefghij0123456789Abcdefghij0123456789 done").kinds).toEqual([]);
  });

  it("masks a GCP API key and a service-account key file's key, keeping surrounding JSON valid", () => {
    const keyFile = JSON.stringify({
      type: "service_account",
      project_id: "acme",
      private_key_id: "a".repeat(40),
      private_key: "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n",
      client_email: "x@acme.iam.gserviceaccount.com",
    });
    const { text, kinds } = maskedKinds(`{"credentials": ${keyFile}, "key": "AIzaSyD-1234567890abcdefghijklmnopqrstu"}`);
    expect(kinds).toEqual(["gcp_api_key", "gcp_service_account_key"]);
    const credentials = JSON.parse(text).credentials;
    expect(credentials.private_key).toMatch(/^\[gcp_service_account_key:[0-9a-f]{6}\]$/);
    expect(credentials.private_key_id).toBe(credentials.private_key);
    expect(credentials).toMatchObject({ type: "service_account", project_id: "acme", client_email: "x@acme.iam.gserviceaccount.com" });
  });

  it("masks Azure account keys, SAS signatures (not the rest of the URL) and client secrets", () => {
    const conn = `DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${"Ab1+".repeat(22)}==;EndpointSuffix=core.windows.net`;
    expect(maskedKinds(conn).text).toMatch(/AccountName=acme;AccountKey=\[azure_storage_account_key:[0-9a-f]{6}\];EndpointSuffix/);
    const sas = "https://acme.blob.core.windows.net/c/b.csv?sv=2022-11-02&sp=r&se=2025-01-01&sig=abcDEF123%2Bghi456%2FJKLmno789pqrSTUvwx0yz1234%3D";
    expect(maskedKinds(sas).text).toMatch(/\?sv=2022-11-02&sp=r&se=2025-01-01&sig=\[azure_sas_token:[0-9a-f]{6}\]$/);
    expect(maskedKinds("AZURE_CLIENT_SECRET=abc8Q~defghijklmnopqrstuvwxyz0123456789").kinds).toEqual(["azure_client_secret"]);
    // At the end of a sentence, with no key name to help.
    expect(maskedKinds("The secret is RAO1Q~ejoqemQG7avr1plIP1VF07keXGxiNIVQXR. Rotate it.").kinds).toEqual(["azure_client_secret"]);
  });
});
