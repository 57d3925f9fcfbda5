/**
 * `npm run cli -- <command>`: operator commands. Agent commands work against DATABASE_URL or the
 * embedded database (started for the command if `npm start` is not running); `backup` and `restore`
 * work on the embedded database; `mask`, `verify` and `verify-receipt` need no database. A person's commands (`login`,
 * `requests …`) open no database: they call the console's HTTP API as that person (scripts/lib/approver-commands.ts).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { createTwoFilesPatch } from "diff";
import type { JWK } from "jose";
import { createDatabase, type Database } from "../db/client";
import { runMigrations } from "../db/migrate";
import { parseCustomFieldsSetting, parseCustomPatternsSetting } from "../lib/config";
import { settingsFromFiles } from "../lib/setting-files";
import { checkpointVerifiers, verifyEvidencePack } from "../lib/domain/evidence-pack/verify-pack";
import { verifyReceipt } from "../lib/domain/merkle/verify-receipt";
import { openPackFile } from "./lib/open-pack-file";
import { createMasker } from "../lib/domain/masking";
import type { PolicyDocument } from "../lib/domain/policy/document";
import { formatPolicyDocumentError, parsePolicyYaml } from "../lib/domain/policy/parse-document";
import { policyToYaml } from "../lib/domain/policy/serialize";
import { addWebhook } from "../lib/services/add-webhook";
import { createAgent } from "../lib/services/create-agent";
import { describeErrorSafely } from "../lib/services/describe-error";
import { configureLogger } from "../lib/logging/logger";
import { ServiceError } from "../lib/services/errors";
import { freezeApprovals, thawApprovals } from "../lib/services/freeze-approvals";
import { rotateApiKey } from "../lib/services/issue-api-key";
import { describeLintFinding, lintPolicyDocument } from "../lib/services/lint-policy-document";
import { loadCurrentPolicy } from "../lib/services/load-policy";
import { proposePolicyChange } from "../lib/services/propose-policy-change";
import { readTrustedCheckpoint } from "../lib/services/read-trusted-checkpoint";
import { revokeAgent } from "../lib/services/revoke-agent";
import { listWebhooks } from "../lib/services/list-webhooks";
import { addChatTarget } from "../lib/services/add-chat-target";
import { removeWebhook } from "../lib/services/remove-webhook";
import { revokeOwnerAgents } from "../lib/services/revoke-owner-agents";
import { newServiceContext } from "../lib/services/service-context";
import { simulatePolicyDraft } from "../lib/services/simulate-policy-draft";
import { APPROVER_USAGE, ConsoleProblem, runApproverCommand } from "./lib/approver-commands";
import { backupEmbedded, restoreEmbedded } from "./lib/backup";
import { openDatabase } from "./lib/database";
import { dataDir, loadOrCreateLocalSecrets, rotateLocalKey, secretSettings } from "./lib/local-secrets";

const USAGE = `Usage:
  npm run cli -- agents create --name NAME --owner EMAIL
  npm run cli -- agents rotate AGENT_ID
  npm run cli -- agents revoke AGENT_ID
  npm run cli -- agents revoke --owner EMAIL
  npm run cli -- policies show
  npm run cli -- policies propose FILE --author EMAIL
  npm run cli -- policies lint FILE
  npm run cli -- policies diff FILE
  npm run cli -- policies simulate FILE [--last N]
  npm run cli -- approvals freeze --message TEXT
  npm run cli -- approvals thaw
  npm run cli -- keys rotate signing|checkpoint
  npm run cli -- webhooks add --url URL [--events TYPE,TYPE] [--signing ed25519|hmac]
  npm run cli -- webhooks add-slack CHANNEL_ID
  npm run cli -- webhooks list
  npm run cli -- webhooks remove WEBHOOK_ID
  npm run cli -- mask < input.txt
  npm run cli -- verify PACK.zip [--jwks jwks.json] [--trusted-checkpoint FILE] [--seed SEED]
  npm run cli -- verify-receipt RECEIPT.json --jwks jwks.json
  npm run cli -- backup DIR
  npm run cli -- restore DIR
As a person, signed in through the console's identity provider:
${APPROVER_USAGE}`;

const cliActor = { kind: "system", id: "cli" } as const;

// Standard output carries the command's result (one JSON object for `agents create`); log lines go to standard error.
configureLogger({ write: (line) => void process.stderr.write(`${line}\n`) });

/** The number of past requests `policies simulate` replays unless --last says otherwise. */
const SIMULATE_DEFAULT_LAST = 100;

async function withDatabase<T>(task: (db: Database) => Promise<T>): Promise<T> {
  const dir = dataDir();
  const secrets = await loadOrCreateLocalSecrets(dir);
  const handle = await openDatabase(dir, secrets);
  // Verbs read their configuration from the environment, as they do in the console.
  // Demo mode as `npm start` decides it (no OIDC_ISSUER), so the linter counts the same people.
  Object.assign(process.env, { ...secretSettings(secrets), DATABASE_URL: handle.url, COUNTERSIGN_MODE: process.env.COUNTERSIGN_MODE ?? (process.env.OIDC_ISSUER ? "production" : "demo") });
  try {
    await runMigrations(handle.url);
    const db = createDatabase(handle.url, { max: 2 });
    try {
      return await task(db);
    } finally {
      await db.$client.end();
    }
  } finally {
    await handle.stop();
  }
}

/** A policy file, validated before any database is opened: errors are reported at once, by line and field. */
function readPolicyFile(file: string): PolicyDocument | null {
  const parsed = parsePolicyYaml(readFileSync(file, "utf8"));
  if (parsed.ok) return parsed.document;
  console.error(`error: ${file} is not a valid policy document`);
  for (const error of parsed.errors) console.error(`  ${formatPolicyDocumentError(error)}`);
  return null;
}

function printSimulation(simulation: Awaited<ReturnType<typeof simulatePolicyDraft>>): void {
  const { summary, current } = simulation;
  const tally = (counts: Record<string, number>) => Object.entries(counts).map(([outcome, n]) => `${outcome} ${n}`).join(", ");
  console.log(`Simulated the last ${summary.total} requests against version ${current.version} ("${current.name}"): ${summary.changed} would be decided differently.`);
  console.log(`  in force: ${tally(summary.before)}`);
  console.log(`  draft:    ${tally(summary.after)}`);
  for (const t of summary.transitions) console.log(`  ${t.from} -> ${t.to}: ${t.count}`);
  const changed = simulation.results.filter((result) => result.changed);
  if (changed.length > 0) console.log("Changed:");
  for (const { id, before, after } of changed) {
    const request = simulation.requests[id]!;
    const describe = (e: typeof before) => `${e.outcome}${e.stages.length ? ` (${e.stages.map((s) => `${s.approvals} of ${s.groups.join("|")}`).join(", then ")})` : ""} by "${e.rule}"`;
    console.log(`  ${id}  ${request.action} ${request.resource} [${request.environment}]: ${describe(before)} -> ${describe(after)}`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function run(argv: string[]): Promise<number> {
  const approverExit = await runApproverCommand(argv);
  if (approverExit !== null) return approverExit;
  const [command, sub, ...rest] = argv;
  // Keys and secrets given as files (NAME_FILE), as the console and worker read them.
  Object.assign(process.env, settingsFromFiles(process.env));
  if (command === "agents" && sub === "create") {
    const { values } = parseArgs({ args: rest, options: { name: { type: "string" }, owner: { type: "string" } } });
    const agent = await withDatabase((db) => createAgent(newServiceContext(db, cliActor), { name: values.name ?? "", ownerEmail: values.owner ?? "" }));
    console.log(JSON.stringify(agent));
    return 0;
  }
  if (command === "agents" && sub === "rotate" && rest.length === 1) {
    const [agentId = ""] = rest;
    console.log(JSON.stringify(await withDatabase((db) => rotateApiKey(newServiceContext(db, cliActor), agentId))));
    return 0;
  }
  if (command === "agents" && sub === "revoke") {
    const { values, positionals } = parseArgs({ args: rest, options: { owner: { type: "string" } }, allowPositionals: true });
    const [agentId, ...extra] = positionals;
    if (values.owner !== undefined && positionals.length === 0) {
      const owner = values.owner;
      console.log(JSON.stringify(await withDatabase((db) => revokeOwnerAgents(newServiceContext(db, cliActor), owner))));
      return 0;
    }
    if (values.owner === undefined && agentId && extra.length === 0) {
      console.log(JSON.stringify(await withDatabase((db) => revokeAgent(newServiceContext(db, cliActor), agentId))));
      return 0;
    }
  }
  if (command === "policies" && sub === "show" && rest.length === 0) {
    process.stdout.write(policyToYaml((await withDatabase((db) => loadCurrentPolicy(db))).document));
    return 0;
  }
  if (command === "policies" && sub === "propose") {
    const { values, positionals } = parseArgs({ args: rest, options: { author: { type: "string" } }, allowPositionals: true });
    const [file, ...extra] = positionals;
    if (file && extra.length === 0 && values.author !== undefined) {
      const document = readPolicyFile(file);
      if (!document) return 1;
      const author = values.author;
      // The verb lints before it creates anything: a document with findings exits 1 naming each one.
      console.log(JSON.stringify(await withDatabase((db) => proposePolicyChange(newServiceContext(db, cliActor), { document, authorEmail: author }))));
      return 0;
    }
  }
  if (command === "policies" && sub === "lint" && rest.length === 1) {
    const document = readPolicyFile(rest[0]!);
    if (!document) return 1;
    const findings = await withDatabase((db) => lintPolicyDocument(db, document));
    for (const finding of findings) console.log(`${finding.path}: ${describeLintFinding(finding)}`);
    if (findings.length > 0) return 1;
    console.log("ok: no findings");
    return 0;
  }
  if (command === "policies" && sub === "diff" && rest.length === 1) {
    const file = rest[0]!;
    const document = readPolicyFile(file);
    if (!document) return 1;
    const current = await withDatabase((db) => loadCurrentPolicy(db));
    // Both sides as the YAML the change request shows reviewers, so layout and comments are not changes.
    process.stdout.write(createTwoFilesPatch(`policy version ${current.version} (in force)`, file, policyToYaml(current.document), policyToYaml(document)));
    return 0;
  }
  if (command === "policies" && sub === "simulate") {
    const { values, positionals } = parseArgs({ args: rest, options: { last: { type: "string" } }, allowPositionals: true });
    const last = values.last === undefined ? SIMULATE_DEFAULT_LAST : Number(values.last);
    const [file, ...extra] = positionals;
    if (file && extra.length === 0 && Number.isInteger(last) && last >= 1) {
      const document = readPolicyFile(file);
      if (!document) return 1;
      printSimulation(await withDatabase((db) => simulatePolicyDraft(db, document, last)));
      return 0;
    }
  }
  if (command === "approvals" && sub === "freeze") {
    const { values } = parseArgs({ args: rest, options: { message: { type: "string" } } });
    const message = values.message ?? "";
    const freeze = await withDatabase((db) => freezeApprovals(newServiceContext(db, cliActor), message));
    console.log(JSON.stringify({ frozen: true, message: freeze.message, frozenAt: freeze.frozenAt.toISOString() }));
    return 0;
  }
  if (command === "approvals" && sub === "thaw" && rest.length === 0) {
    await withDatabase((db) => thawApprovals(newServiceContext(db, cliActor)));
    console.log(JSON.stringify({ frozen: false }));
    return 0;
  }
  if (command === "keys" && sub === "rotate" && (rest[0] === "signing" || rest[0] === "checkpoint") && rest.length === 1) {
    const setting = rest[0] === "signing" ? "SIGNING_KEY" : "CHECKPOINT_KEY";
    // Keys the operator configures are theirs to rotate (see the README); these are the data folder's.
    if (process.env[setting] !== undefined) throw new Error(`${setting} is set in the environment: rotate it there (README: Rotating keys)`);
    console.log(JSON.stringify(await rotateLocalKey(rest[0])));
    return 0;
  }
  if (command === "webhooks" && sub === "add") {
    const { values } = parseArgs({ args: rest, options: { url: { type: "string" }, events: { type: "string" }, signing: { type: "string" } } });
    const signing: "ed25519" | "hmac" | undefined = values.signing === "ed25519" || values.signing === "hmac" ? values.signing : undefined;
    if (values.url !== undefined && values.signing === signing) {
      const input = { url: values.url, events: values.events, signing };
      console.log(JSON.stringify(await withDatabase((db) => addWebhook(newServiceContext(db, cliActor), input))));
      return 0;
    }
  }
  if (command === "webhooks" && sub === "add-slack" && rest.length === 1) {
    const [target = ""] = rest;
    console.log(JSON.stringify(await withDatabase((db) => addChatTarget(newServiceContext(db, cliActor), { provider: "slack", target }))));
    return 0;
  }
  if (command === "webhooks" && sub === "list" && rest.length === 0) {
    console.log(JSON.stringify(await withDatabase((db) => listWebhooks(db, cliActor))));
    return 0;
  }
  if (command === "webhooks" && sub === "remove" && rest.length === 1) {
    const [webhookId = ""] = rest;
    console.log(JSON.stringify(await withDatabase((db) => removeWebhook(newServiceContext(db, cliActor), webhookId))));
    return 0;
  }
  if (command === "mask" && sub === undefined) {
    const key = secretSettings(await loadOrCreateLocalSecrets()).MASKING_KEY;
    const customPatterns = parseCustomPatternsSetting(process.env.MASKING_CUSTOM_PATTERNS);
    const customFields = parseCustomFieldsSetting(process.env.MASKING_CUSTOM_FIELDS);
    process.stdout.write(createMasker({ key, customPatterns, customFields }).maskText(await readStdin()).text);
    return 0;
  }
  if (command === "verify" && sub) {
    const { values } = parseArgs({ args: rest, options: { jwks: { type: "string" }, "trusted-checkpoint": { type: "string" }, seed: { type: "string" } } });
    const trustedKeys = values.jwks ? (JSON.parse(readFileSync(values.jwks, "utf8")) as { keys: JWK[] }) : undefined;
    const trustedFile = values["trusted-checkpoint"];
    const trustedCheckpoint = trustedFile ? await readTrustedCheckpoint(trustedFile) : undefined;
    // A file that is not a ZIP at all is a verdict, like any other broken pack.
    const pack = await openPackFile(sub).catch(() => new Uint8Array(readFileSync(sub)));
    const report = await verifyEvidencePack(pack, { trustedKeys, trustedCheckpoint, sampleSeed: values.seed });
    for (const check of report.checks) console.log(`${check.ok ? "ok  " : "FAIL"}  ${check.name}: ${check.detail}`);
    if (report.signerThumbprint && !report.pinned) {
      console.log(`signer: key ${report.signerThumbprint}, from the pack itself. To prove the deployment signed it, compare this with the`);
      console.log(`        "kid" at its /.well-known/jwks.json, or verify with --jwks pointing at a saved copy of that file.`);
    }
    console.log(
      report.ok
        ? "VERIFIED: every check passed."
        : `NOT VERIFIED: the pack has been altered or is incomplete${report.firstBadSeq !== null ? `; first bad seq: ${report.firstBadSeq}` : ""}.`,
    );
    return report.ok ? 0 : 1;
  }
  if (command === "verify-receipt" && sub) {
    const { values } = parseArgs({ args: rest, options: { jwks: { type: "string" } } });
    // A receipt carries no key: which log signed it is exactly what the saved key set must say.
    if (!values.jwks) throw new Error("verify-receipt needs --jwks: a saved copy of the deployment's /.well-known/jwks.json");
    const { keys } = JSON.parse(readFileSync(values.jwks, "utf8")) as { keys: JWK[] };
    const report = verifyReceipt(JSON.parse(readFileSync(sub, "utf8")), checkpointVerifiers(keys));
    for (const check of report.checks) console.log(`${check.ok ? "ok  " : "FAIL"}  ${check.name}: ${check.detail}`);
    console.log(report.ok ? `VERIFIED: request ${report.requestId}'s events are in the log at size ${report.treeSize}.` : "NOT VERIFIED: the receipt does not prove its events are in the log.");
    return report.ok ? 0 : 1;
  }
  if (command === "backup" && sub && rest.length === 0) {
    console.log(JSON.stringify({ backup: path.resolve(sub), ...(await backupEmbedded(dataDir(), path.resolve(sub))) }));
    return 0;
  }
  if (command === "restore" && sub && rest.length === 0) {
    console.log(JSON.stringify({ restored: path.resolve(sub), ...(await restoreEmbedded(dataDir(), path.resolve(sub))) }));
    return 0;
  }
  console.error(USAGE);
  return 2;
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    if (error instanceof ConsoleProblem) {
      console.error(`error: ${error.message}`);
    } else if (error instanceof ServiceError) {
      console.error(`error: ${error.message}${error.fields ? "\n" + error.fields.map((f) => `  ${f.path}: ${f.message}`).join("\n") : ""}`);
    } else {
      console.error(`error: ${describeErrorSafely(error)}`);
    }
    process.exit(1);
  },
);
