import { readFileSync } from "node:fs";

/** Settings that hold keys or secrets, which may be given as a file instead (`NAME_FILE`, as Docker and Kubernetes secrets are mounted). */
const FILE_SETTINGS = [
  "AUTH_SECRET",
  "MASKING_KEY",
  "SIGNING_KEY",
  "SIGNING_KEYS_RETIRED",
  "CHECKPOINT_KEY",
  "CHECKPOINT_PUBLIC_KEY",
  "CHECKPOINT_KEYS_RETIRED",
  "WEBHOOK_KEY",
  "WEBHOOK_PUBLIC_KEY",
  "WEBHOOK_SECRETS_KEY",
  "SIEM_TOKEN",
  "SLACK_BOT_TOKEN",
  "SLACK_SIGNING_SECRET",
  "SLACK_APP_TOKEN",
  "CHAT_LINK_KEY",
  "TEAMS_APP_PASSWORD",
] as const;

/**
 * The values of the settings given as `NAME_FILE` (the file's content, surrounding white space
 * removed) and not as `NAME`, which wins when both are set. A file that cannot be read is an error
 * naming the setting, never its content.
 */
export function settingsFromFiles(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of FILE_SETTINGS) {
    const file = env[`${name}_FILE`];
    if (!file || env[name] !== undefined) continue;
    try {
      values[name] = readFileSync(file, "utf8").trim();
    } catch (error) {
      throw new Error(`${name}_FILE names a file that cannot be read (${(error as NodeJS.ErrnoException).code ?? "unreadable"}): ${file}`);
    }
  }
  return values;
}
