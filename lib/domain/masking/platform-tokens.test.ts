import { describe, expect, it } from "vitest";
import { maskedKinds } from "./test-masker";

const r = (n: number, alphabet = "aB3dE5gH7jK9mN1pQ2sT4vW6yZ8") => alphabet.repeat(Math.ceil(n / alphabet.length)).slice(0, n);

describe("platform tokens by documented prefix and shape", () => {
  const cases: Array<[string, string]> = [
    ["github_token", `ghp_${r(36)}`],
    ["github_token", `github_pat_${r(22)}_${r(59)}`],
    ["gitlab_token", `glpat-${r(20)}`],
    ["slack_token", `xoxb-1234567890-1234567890123-${r(24)}`],
    ["slack_webhook_url", `https://hooks.slack.com/services/T12345678/B1234567890/${r(24)}`],
    ["stripe_secret_key", `sk_live_${r(24)}`],
    ["stripe_secret_key", `rk_live_${r(24)}`],
    ["sendgrid_api_key", `SG.${r(22)}.${r(43)}`],
    ["shopify_token", `shpat_${"0123456789abcdef".repeat(2)}`],
    ["new_relic_key", `NRAK-${r(27, "ABCDEFGHIJ0123456789")}`],
    ["npm_token", `npm_${r(36)}`],
    ["pypi_token", `pypi-AgEIcHlwaS5vcmc${r(70)}`],
    ["docker_hub_token", `dckr_pat_${r(27)}`],
    ["digitalocean_token", `dop_v1_${"0123456789abcdef".repeat(4)}`],
    ["vault_token", `hvs.${r(90)}`],
    ["terraform_cloud_token", `${r(14)}.atlasv1.${r(67)}`],
    ["openai_api_key", `sk-proj-${r(120)}`],
    ["anthropic_api_key", `sk-ant-api03-${r(93)}AA`],
    ["huggingface_token", `hf_${r(34, "abcdefghijKLMNOP")}`],
    ["linear_api_key", `lin_api_${r(40)}`],
    ["notion_token", `ntn_12345678901${r(35)}`],
    ["telegram_bot_token", `123456789:AA${r(33)}`],
    ["discord_bot_token", `M${r(25)}.${r(6)}.${r(38)}`],
    ["facebook_access_token", `EAAG${r(180)}`],
    ["facebook_access_token", `EAAA${r(120)}`],
    ["square_token", `EAAA${r(60)}`],
    ["mailgun_api_key", `key-${"0123456789abcdef".repeat(2)}`],
    ["mailgun_api_key", `${"0123456789abcdef".repeat(2)}-0f1e2d3c-4b5a6978`],
    ["jwt", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"],
  ];
  it.each(cases)("masks %s", (kind, token) => {
    const { text, kinds } = maskedKinds(`export TOKEN_VALUE=${token} # rotated`);
    expect(kinds).toEqual([kind]);
    expect(text).not.toContain(token.slice(-12));
  });

  it("masks tokens whose alphabet has a colon or a dot when that punctuation follows them", () => {
    const fcm = `AAAA${r(7)}:${r(140)}`;
    expect(maskedKinds(`${fcm}: rejected by FCM`).kinds).toEqual(["firebase_fcm_server_key"]);
    const endOfSentence: Array<[string, string]> = [
      ["sendgrid_api_key", `SG.${r(22)}.${r(43)}`],
      ["vault_token", `hvs.${r(90)}`],
      ["terraform_cloud_token", `${r(14)}.atlasv1.${r(67)}`],
      ["discord_bot_token", `M${r(25)}.${r(6)}.${r(38)}`],
      ["jwt", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"],
    ];
    // Discord serves Slack- and GitHub-compatible hooks under the same URL plus a path.
    const hook = `https://discord.com/api/webhooks/123456789012345678/${r(68)}`;
    expect(maskedKinds(`POST ${hook}/slack`).kinds).toEqual(["discord_webhook_url"]);
    for (const [kind, token] of endOfSentence) {
      const { text, kinds } = maskedKinds(`The old key was ${token}. Rotate it.`);
      expect(kinds, kind).toEqual([kind]);
      expect(text, kind).toMatch(/was \[[a-z_]+:[0-9a-f]{6}\]\. Rotate it\.$/);
    }
  });

  it("leaves public keys and prefix look-alikes alone", () => {
    const benigns = [
      `pk_live_${r(24)}`, "the desk-lamp-controller-service-name", "ghp_short", "sk-learn is a library", "xoxb-not-a-token",
      // Meta tokens are long: a short EAA word or id is not one.
      "EAAB-compliance report", `EAAG${r(40)}`,
      // Mailgun's key shape is 32-8-8 hex: UUIDs, digests and request ids are other shapes.
      "123e4567-e89b-42d3-a456-426614174000", `${"0123456789abcdef".repeat(2)}-0f1e2d3c`, `${"0123456789abcdef".repeat(4)}`,
      `${"0123456789abcdef".repeat(2)}-0f1e2d3c-4b5a6978-77`, `pubkey-${"0123456789abcdef".repeat(2)}`,
    ];
    for (const benign of benigns) {
      expect(maskedKinds(benign).text).toBe(benign);
    }
  });
});
