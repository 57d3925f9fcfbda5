/** `npm run bench`: prints the figures the issues ask for. Never part of `npm test`. */
import { benchApi } from "./bench/api";
import { benchMasking } from "./bench/masking";
import { benchPolicy } from "./bench/policy";

async function main() {
  await benchApi();
  await benchMasking();
  await benchPolicy();
  process.exit(0);
}

void main();
