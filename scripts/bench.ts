/** `npm run bench`: prints the figures the issues ask for. Never part of `npm test`. */
import { benchApi } from "./bench/api";
import { benchAuditOverview } from "./bench/audit-overview";
import { benchControlResults } from "./bench/control-results";
import { benchEvidencePack } from "./bench/evidence-pack";
import { benchLogProofs } from "./bench/log-proofs";
import { benchMasking } from "./bench/masking";
import { benchPolicy } from "./bench/policy";
import { benchQueue } from "./bench/queue";

async function main() {
  await benchApi();
  await benchMasking();
  await benchPolicy();
  await benchLogProofs();
  await benchAuditOverview();
  await benchControlResults();
  await benchQueue();
  await benchEvidencePack();
  process.exit(0);
}

void main();
