/**
 * `npm run lockfile:complete`, after changing dependencies. npm records other platforms' optional
 * binaries (e.g. @next/swc-darwin-arm64) only when the registry serves their metadata; behind a
 * mirror that serves just this platform's, they are left out, and `npm ci` then refuses the lock as
 * out of sync. This adds each missing optional entry with its version and platform, so `npm ci` on
 * any platform knows to skip (or fetch) it. Entries npm did record are left untouched.
 */
import { readFileSync, writeFileSync } from "node:fs";

type Entry = { version?: string; optional?: boolean; os?: string[]; cpu?: string[]; optionalDependencies?: Record<string, string> };
const OSES = ["android", "darwin", "freebsd", "linux", "win32", "openbsd", "netbsd", "sunos", "aix", "openharmony"];
const CPUS = ["arm64", "x64", "arm", "ia32", "wasm32", "riscv64", "ppc64", "s390x", "loong64", "mips64el"];

const lock = JSON.parse(readFileSync("package-lock.json", "utf8")) as { packages: Record<string, Entry> };
let added = 0;
for (const entry of Object.values(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (lock.packages[key]) continue;
    const parts = name.split("/").pop()!.split("-");
    const os = OSES.find((o) => parts.includes(o));
    const cpu = CPUS.find((c) => parts.includes(c));
    lock.packages[key] = { version, optional: true, ...(os && { os: [os] }), ...(cpu && { cpu: [cpu] }) };
    added += 1;
  }
}
// The root package's key is "", so sorting every key keeps it first.
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a < b ? -1 : 1))); // keys are unique
writeFileSync("package-lock.json", JSON.stringify(lock, null, 2) + "\n");
console.log(added ? `added ${added} optional platform entries` : "package-lock.json was already complete");
