import { describe, expect, it } from "vitest";
import { createRng } from "./corpus/random";
import { FORMAT_GENERATORS, FORMAT_KINDS } from "./corpus/secret-values";
import { maskedKinds, testMasker } from "./test-masker";

/** Formats the token scanner finds by a literal prefix or infix (Discord bot tokens and Mailgun's
 * 32-8-8 keys have none: they are read from the text's base64url runs). */
const PREFIXED = FORMAT_KINDS.filter((kind) => kind !== "discord_bot_token");
const GLUES = ["MY_TOKEN_", "production", "x", "1", "deploy_key_"];

function prefixedToken(kind: (typeof PREFIXED)[number], seed: number): string {
  const r = createRng(seed);
  for (;;) {
    const token = FORMAT_GENERATORS[kind](r);
    if (kind !== "mailgun_api_key" || token.startsWith("key-")) return token;
  }
}

describe("tokens glued to a preceding word", () => {
  it.each(PREFIXED)("finds a %s wherever its prefix starts, whatever word precedes it", (kind) => {
    for (const [i, glue] of GLUES.entries()) {
      const token = prefixedToken(kind, 1000 + i);
      const { text, kinds } = maskedKinds(`export ${glue}${token} # rotated`);
      expect(kinds, `${glue}${token}`).toEqual([kind]);
      expect(text, `${glue}${token}`).not.toContain(token.slice(-12));
      expect(text).toMatch(/^export /);
    }
  });

  it.each([
    ["github_token", `github_pat_${"aB3dE5fG7h".repeat(2)}aB_${"aB3dE5fG7h".repeat(5)}aB3dE5fG7`],
    ["slack_token", `xapp-1-A0123456789-1234567890123-${"0123456789abcdef".repeat(4)}`],
    ["linear_api_key", `lin_oauth_${"0123456789abcdef".repeat(4)}`],
    ["grafana_token", `glc_${"aB3dE5fG7h".repeat(5)}==`],
    ["azure_storage_account_key", `AccountKey=${"Ab1+".repeat(22)}==`],
    ["aws_presigned_signature", `X-Amz-Signature=${"0123456789abcdef".repeat(4)}`],
    ["twilio_auth_token", `AC${"fedcba9876543210".repeat(2)}:${"9b0f".repeat(8)}`],
  ])("finds a glued %s whose shape the corpus generators do not make", (kind, token) => {
    const { text, kinds } = maskedKinds(`export MY_VALUE_${token} # rotated`);
    expect(kinds).toEqual([kind]);
    expect(text).not.toContain(token.slice(-10));
  });

  it("masks a glued token inside JSON keys and values, and keeps the word it is glued to", () => {
    const token = "ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z5A";
    expect(maskedKinds(`MY_TOKEN_${token}`).text).toMatch(/^MY_TOKEN_\[github_token:[0-9a-f]{6}\]$/);
    expect(maskedKinds(`production${token}`).text).toMatch(/^production\[github_token:[0-9a-f]{6}\]$/);
    expect(maskedKinds(`key_AKIAIOSFODNN7EXAMPLE`).text).toMatch(/^key_\[aws_access_key_id:[0-9a-f]{6}\]$/);
    const { value } = testMasker.maskJson({ [`MY_TOKEN_${token}`]: true, env: { DEPLOY: `production${token}` } });
    expect(JSON.stringify(value)).not.toContain(token.slice(4));
    expect(Object.keys(value)[0]).toMatch(/^MY_TOKEN_\[github_token:[0-9a-f]{6}\]$/);
  });

  it("leaves identifiers that merely contain a prefix alone", () => {
    const benign = [
      // The prefix inside an ordinary identifier, followed by too little or the wrong shape.
      "my_ghp_token_is_short", "use_ghp_prefix_for_classic_tokens", "the_secret_sauce", "ATBB_count=3",
      // `sk-` ends kebab-case words: CloudFormation-style names and titles are not OpenAI keys.
      "prod-task-WorkerService-1A2B3C4D5E6F", "risk-Assessment2024Q1ReportFinal", "desk-Booking2024v3Service",
      "monkey-patch the turnkey-solution", `pubkey-${"0123456789abcdef".repeat(2)}`,
      // An anchor that merely occurs inside an upper-case digest or a random run.
      `9F86D081884C7D65EAA${"9F86D081884C7D659A2F".repeat(6)}`,
      `Zq8Xk2Lw9Vb3Nm4Tr7Ys1Hd6Gf0Jc5PaEAA${"Qw3Er4Ty5Ui6Op7As8Df9Gh0JkLzXcVbNm1".repeat(3)}`,
    ];
    for (const value of benign) expect(maskedKinds(`value: ${value}`).text, value).toBe(`value: ${value}`);
  });
});
