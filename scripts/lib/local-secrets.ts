import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from "jose";
import { generateDevIdpSecrets } from "../../lib/dev-idp/server";

/**
 * Secrets for a single-machine install, generated once into the data folder (mode 0600) so a second
 * start reuses them. Production deployments set the matching environment variables instead, which
 * always win; every replica must then share them.
 */
export type LocalSecrets = {
  postgresPassword: string;
  /** The console's own, least-privileged database login (see db/login-roles.ts). */
  appDatabasePassword: string;
  /** The worker's sealer's login, the only one that may write the chain (see db/login-roles.ts). */
  sealerDatabasePassword: string;
  authSecret: string;
  maskingKey: string;
  signingKey: string;
  /** Signs the transparency log's checkpoints (an Ed25519 private JWK). */
  checkpointKey: string;
  /** Signs outbound webhooks, v1a (an Ed25519 private JWK); absent in files written before webhooks. */
  webhookKey: string;
  /** Seals HMAC webhook subscriptions' secrets in the database. */
  webhookSecretsKey: string;
  /** Keys rotated out (`rotateLocalKey`), still published and accepted; absent until the first rotation. */
  retiredSigningKeys?: object[];
  retiredCheckpointKeys?: object[];
  devIdp: { clientSecret: string; cookieKeys: string[]; jwks: { keys: object[] } };
};

export function dataDir(): string {
  return path.resolve(process.env.COUNTERSIGN_DATA_DIR ?? ".data");
}

const random = (bytes = 32) => randomBytes(bytes).toString("base64url");

export async function loadOrCreateLocalSecrets(dir = dataDir()): Promise<LocalSecrets> {
  const file = path.join(dir, "secrets.json");
  const existing = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Partial<LocalSecrets>) : null;
  // Secrets added by later versions are generated into an existing file; present ones never change.
  if (existing?.appDatabasePassword && existing.sealerDatabasePassword && existing.checkpointKey && existing.webhookKey && existing.webhookSecretsKey) return existing as LocalSecrets;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const signing = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const checkpoint = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const webhook = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const secrets: LocalSecrets = {
    postgresPassword: random(),
    appDatabasePassword: random(),
    sealerDatabasePassword: random(),
    authSecret: random(),
    maskingKey: random(),
    signingKey: JSON.stringify(await exportJWK(signing.privateKey)),
    checkpointKey: JSON.stringify(await exportJWK(checkpoint.privateKey)),
    webhookKey: JSON.stringify(await exportJWK(webhook.privateKey)),
    webhookSecretsKey: random(),
    devIdp: generateDevIdpSecrets(),
    ...existing,
  };
  writeLocalSecrets(file, secrets);
  return secrets;
}

/** Write-then-rename: a crash never leaves a half-written secrets file behind. */
function writeLocalSecrets(file: string, secrets: LocalSecrets): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

/**
 * `npm run cli -- keys rotate signing|checkpoint` on a single-machine install: a new current key in
 * the data folder's secrets, the old one first among the retired. A retired signing key keeps its
 * private half, which only re-signs, on a replay, grants it signed before; a retired checkpoint key
 * keeps only its public half. Takes effect at the next `npm start`. Returns both keys' thumbprints.
 */
export async function rotateLocalKey(kind: "signing" | "checkpoint", dir = dataDir()): Promise<{ key: string; current: string; retired: string }> {
  const secrets = await loadOrCreateLocalSecrets(dir);
  const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const fresh = await exportJWK(privateKey);
  const old = JSON.parse(kind === "signing" ? secrets.signingKey : secrets.checkpointKey) as JWK;
  const { d: _private, ...oldPublic } = old;
  const rotated: LocalSecrets =
    kind === "signing"
      ? { ...secrets, signingKey: JSON.stringify(fresh), retiredSigningKeys: [old, ...(secrets.retiredSigningKeys ?? [])] }
      : { ...secrets, checkpointKey: JSON.stringify(fresh), retiredCheckpointKeys: [oldPublic, ...(secrets.retiredCheckpointKeys ?? [])] };
  writeLocalSecrets(path.join(dir, "secrets.json"), rotated);
  const { d: _new, ...freshPublic } = fresh;
  return { key: kind, current: await calculateJwkThumbprint(freshPublic), retired: await calculateJwkThumbprint(oldPublic) };
}

/**
 * The secret settings every Countersign process needs, from the environment where the operator set
 * them and from the local secrets otherwise: the launcher passes them to the console and worker, and
 * the CLI applies them to itself, so both mask and sign exactly as the API does.
 */
export function secretSettings(
  secrets: LocalSecrets,
): Record<"AUTH_SECRET" | "MASKING_KEY" | "SIGNING_KEY" | "CHECKPOINT_KEY" | "WEBHOOK_KEY" | "WEBHOOK_SECRETS_KEY", string> & Partial<Record<"SIGNING_KEYS_RETIRED" | "CHECKPOINT_KEYS_RETIRED", string>> {
  const retired = (setting: "SIGNING_KEYS_RETIRED" | "CHECKPOINT_KEYS_RETIRED", keys: object[] | undefined) =>
    process.env[setting] !== undefined ? { [setting]: process.env[setting] } : keys?.length ? { [setting]: JSON.stringify(keys) } : {};
  return {
    AUTH_SECRET: process.env.AUTH_SECRET ?? secrets.authSecret,
    MASKING_KEY: process.env.MASKING_KEY ?? secrets.maskingKey,
    SIGNING_KEY: process.env.SIGNING_KEY ?? secrets.signingKey,
    CHECKPOINT_KEY: process.env.CHECKPOINT_KEY ?? secrets.checkpointKey,
    WEBHOOK_KEY: process.env.WEBHOOK_KEY ?? secrets.webhookKey,
    WEBHOOK_SECRETS_KEY: process.env.WEBHOOK_SECRETS_KEY ?? secrets.webhookSecretsKey,
    ...retired("SIGNING_KEYS_RETIRED", secrets.retiredSigningKeys),
    ...retired("CHECKPOINT_KEYS_RETIRED", secrets.retiredCheckpointKeys),
  };
}
