// Lint guards the architecture (../shared/architecture.md, the README's "Architecture"): imports only
// go down the layers, the domain does no I/O and reads no clock, and a few correctness rules the
// compiler does not cover. `npm test` runs it first; `npm run lint` alone.
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

/**
 * An import of the layer's folder by alias (`@/lib/services/x`) or by a relative path, which may name
 * only its last segment (`../services/x` from lib/domain).
 */
const layer = (...folders) =>
  folders.flatMap((folder) => {
    const last = folder.split("/").at(-1);
    return [`@/${folder}`, `@/${folder}/**`, `**/${folder}`, `**/${folder}/**`, `./**/${last}`, `./**/${last}/**`, `../**/${last}`, `../**/${last}/**`];
  });

/** Modules that reach outside the process: the domain may import none of them. */
const IO_MODULES = ["fs", "fs/promises", "net", "http", "https", "http2", "dns", "child_process", "worker_threads", "tls", "dgram", "cluster"].flatMap(
  (name) => [name, `node:${name}`],
);

const restrict = (patterns, message) => ({ group: patterns, message });

export default tseslint.config(
  { ignores: [".next/**", "node_modules/**", ".data/**", ".test-data/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "**/*.d.ts", "packages/*/dist/**"] },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    rules: {
      // tsc's noUnusedLocals already reports these, with fewer false alarms.
      "@typescript-eslint/no-unused-vars": "off",
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      // `== null` is the one loose comparison worth keeping: it means null or undefined.
      eqeqeq: ["error", "always", { null: "ignore" }],
      "no-console": "off",
    },
  },
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "error" },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [restrict(layer("db"), "app/ never imports db/: call a verb in lib/services (through lib/http's wrappers).")] }],
    },
  },
  {
    files: ["components/**/*.{ts,tsx}", "lib/queries/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            // Types are erased at build time: sharing a verb's result type is how the UI stays in step.
            { ...restrict([...layer("db"), ...layer("lib/services"), ...layer("lib/http")], "UI code runs in the browser: it talks to the server through lib/queries, never to db/ or lib/services."), allowTypeImports: true },
          ],
        },
      ],
    },
  },
  {
    files: ["lib/services/**/*.ts", "db/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "next", message: "Verbs run the same from a route, the CLI, the worker and a test: no next/* below lib/http." }],
          patterns: [
            restrict(["next/*", "react", "react-dom"], "Verbs run the same from a route, the CLI, the worker and a test: no next/* below lib/http."),
            restrict([...layer("app"), ...layer("components"), ...layer("lib/http"), ...layer("lib/queries")], "Imports only go down the layers."),
          ],
        },
      ],
    },
  },
  {
    files: ["db/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [restrict([...layer("lib/services"), ...layer("app"), ...layer("lib/http")], "db/ is the bottom layer: it imports only lib/domain.")] }],
    },
  },
  {
    files: ["lib/domain/**/*.ts"],
    ignores: ["lib/domain/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: IO_MODULES.map((name) => ({ name, message: "lib/domain is pure: no I/O. Do it in a verb (lib/services) and pass the result in." })),
          patterns: [
            restrict(["next", "next/*", "react", "postgres", "drizzle-orm", "drizzle-orm/*", "server-only"], "lib/domain is pure: no framework, database or server code."),
            restrict([...layer("db"), ...layer("lib/services"), ...layer("lib/http"), ...layer("lib/queries"), ...layer("app"), ...layer("components")], "lib/domain imports nothing above it."),
          ],
        },
      ],
      "no-restricted-syntax": [
        "error",
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "lib/domain reads no clock: take `now` from the verb's context." },
      ],
      "no-restricted-properties": [
        "error",
        { object: "Date", property: "now", message: "lib/domain reads no clock: take `now` from the verb's context." },
        { object: "Math", property: "random", message: "lib/domain is deterministic: take randomness from the caller." },
      ],
    },
  },
  {
    // Packages ship on their own (npm install ./packages/sdk): their code may not reach into the server's.
    files: ["packages/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            restrict(
              ["@/*", "@/**", "../../*", "../../**", ...layer("lib"), ...layer("db"), ...layer("app"), ...layer("components")],
              "A package under packages/ ships on its own: it imports only its own files and its declared dependencies, never the server's code.",
            ),
          ],
        },
      ],
    },
  },
);
