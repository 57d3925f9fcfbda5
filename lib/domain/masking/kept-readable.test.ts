import { describe, expect, it } from "vitest";
import { maskedKinds, testMasker } from "./test-masker";

const b64 = (s: string) => Buffer.from(s).toString("base64");
const CERTIFICATE = "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ\nRTESMBAGA1UEChMJQmFsdGltb3JlMRMwEQYDVQQLEwpDeWJlclRydXN0MSIwIAYD\n-----END CERTIFICATE-----\n";
const PRIVATE_KEY = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n-----END PRIVATE KEY-----\n";

describe("what stays readable", () => {
  it("keeps Terraform's (sensitive value) marker, and still masks a real value beside it", () => {
    const plan = '  + resource "aws_db_instance" "main" {\n      + password = (sensitive value)\n      ~ secret_string = (sensitive value)\n      + username = "app"\n    }';
    expect(maskedKinds(plan).text).toBe(plan);
    expect(maskedKinds("db_password = (sensitive)").text).toBe("db_password = (sensitive)");
    expect(testMasker.maskJson({ password: "(sensitive value)" }).value).toEqual({ password: "(sensitive value)" });
    expect(maskedKinds("password = (sensitive value)\npassword = Hunter2Secret!").text).toMatch(/^password = \(sensitive value\)\npassword = \[password:[0-9a-f]{6}\]$/);
  });

  it("keeps resource ARNs readable, a Secrets Manager secret's included", () => {
    const arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db/password-AbCdEf";
    for (const text of [
      arn,
      `secret_arn = "${arn}"`,
      `{"SecretId": "${arn}", "VersionStage": "AWSCURRENT"}`,
      `"valueFrom": "${arn}:password::"`,
      "arn:aws:ssm:eu-west-1:123456789012:parameter/prod/api_key",
    ]) {
      expect(maskedKinds(text).text, text).toBe(text);
    }
    // A secret next to an ARN is still a secret.
    expect(maskedKinds(`SecretId=${arn} secret=Zq8Xk2Lw9Vb3Nm4T`).text).toMatch(/ secret=\[secret:[0-9a-f]{6}\]$/);
  });

  it("keeps X.509 certificates readable, in text and in a Kubernetes TLS Secret, and masks the key beside them", () => {
    expect(maskedKinds(`cat tls.crt\n${CERTIFICATE}`).text).toBe(`cat tls.crt\n${CERTIFICATE}`);
    const yaml = `apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\nmetadata:\n  name: web-tls\ndata:\n  ca.crt: ${b64(CERTIFICATE)}\n  tls.crt: ${b64(CERTIFICATE)}\n  tls.key: ${b64(PRIVATE_KEY)}\n`;
    const maskedYaml = maskedKinds(yaml).text;
    expect(maskedYaml).toContain(`  tls.crt: ${b64(CERTIFICATE)}\n`);
    expect(maskedYaml).toContain(`  ca.crt: ${b64(CERTIFICATE)}\n`);
    expect(maskedYaml).toMatch(/ {2}tls\.key: \[kubernetes_secret:[0-9a-f]{6}\]/);
    const manifest = { apiVersion: "v1", kind: "Secret", type: "kubernetes.io/tls", data: { "tls.crt": b64(CERTIFICATE), "tls.key": b64(PRIVATE_KEY) } };
    for (const masked of [JSON.parse(maskedKinds(JSON.stringify(manifest)).text), testMasker.maskJson(manifest).value]) {
      expect(masked.data["tls.crt"]).toBe(b64(CERTIFICATE));
      expect(masked.data["tls.key"]).toMatch(/^\[kubernetes_secret:[0-9a-f]{6}\]$/);
    }
    // A private key bundled into the certificate's entry is found all the same.
    const bundled = `kind: Secret\ndata:\n  tls.crt: ${b64(CERTIFICATE + PRIVATE_KEY)}\n`;
    expect(maskedKinds(bundled).text).not.toContain(b64(CERTIFICATE + PRIVATE_KEY));
  });

  it("masks only private_key and private_key_id of a GCP key file, in text and in JSON", () => {
    const keyFile = {
      type: "service_account",
      project_id: "acme-prod",
      private_key_id: "0123456789abcdef0123456789abcdef01234567",
      private_key: PRIVATE_KEY,
      client_email: "deployer@acme-prod.iam.gserviceaccount.com",
      client_id: "104276344251718249105",
      auth_uri: "https://accounts.google.com/o/oauth2/auth",
      token_uri: "https://oauth2.googleapis.com/token",
      client_x509_cert_url: "https://www.googleapis.com/robot/v1/metadata/x509/deployer%40acme-prod.iam.gserviceaccount.com",
    };
    const { private_key: _key, private_key_id: _id, ...readable } = keyFile;
    for (const masked of [JSON.parse(maskedKinds(JSON.stringify(keyFile, null, 2)).text), testMasker.maskJson(keyFile).value]) {
      expect(masked).toEqual({ ...readable, private_key: expect.stringMatching(/^\[gcp_service_account_key:[0-9a-f]{6}\]$/), private_key_id: masked.private_key });
    }
    // JSON text inside a JSON string (escaped quotes) too.
    const escaped = maskedKinds(JSON.stringify({ file: JSON.stringify(keyFile) })).text;
    expect(escaped).not.toContain("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC");
    expect(escaped).not.toContain(keyFile.private_key_id);
    expect(JSON.parse(JSON.parse(escaped).file).client_email).toBe(keyFile.client_email);
  });

  it("keeps JSON text valid when a secret-named key holds an object, and masks what is inside", () => {
    const { text } = maskedKinds('{"credentials": {"user": "app", "password": "Hunter2Secret!"}, "tokens": ["a"]}');
    expect(JSON.parse(text)).toEqual({ credentials: { user: "app", password: expect.stringMatching(/^\[password:[0-9a-f]{6}\]$/) }, tokens: ["a"] });
  });
});
