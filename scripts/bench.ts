/** `npm run bench`: prints the figures the issues ask for. Never part of `npm test`. */
import { benchApi } from "./bench/api";

async function main() {
  await benchApi();
  const masking = await import("./bench/masking").catch(() => null);
  if (masking) await masking.benchMasking();
  process.exit(0);
}

void main();
