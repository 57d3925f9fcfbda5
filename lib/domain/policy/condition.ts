import { Environment, type ParseResult } from "@marcbachmann/cel-js";

/**
 * `when` conditions are CEL (Common Expression Language): type-checked against the facts below, no
 * loops beyond its bounded macros, no I/O, never `eval`. Limits keep a hostile document from making
 * a condition expensive to parse or run.
 */
const environment = new Environment({ limits: { maxAstNodes: 500, maxDepth: 32, maxListElements: 100, maxMapEntries: 100, maxCallArguments: 8 } })
  .registerVariable("action", "string")
  .registerVariable("resource", "string")
  .registerVariable("environment", "string")
  .registerVariable("agent", "map<string, string>")
  .registerVariable("ownerGroups", "list<string>")
  .registerVariable("signals", "list<string>")
  // The stored, masked parameters: a condition may look into them (`parameters.rows > 1000`).
  .registerVariable("parameters", "dyn");

export type ConditionContext = {
  action: string;
  resource: string;
  environment: string;
  agent: { id: string; name: string };
  ownerGroups: readonly string[];
  signals: readonly string[];
  parameters: unknown;
};

export type CompiledCondition = (context: ConditionContext) => boolean;

/** Parses and type-checks a condition; the error says why it is not a boolean expression over the facts. */
export function compileCondition(source: string): { ok: true; condition: CompiledCondition } | { ok: false; error: string } {
  let parsed: ParseResult;
  try {
    parsed = environment.parse(source);
  } catch (error) {
    return { ok: false, error: firstLine(error) };
  }
  const checked = parsed.check();
  if (!checked.valid) return { ok: false, error: firstLine(checked.error) };
  if (checked.type !== "bool") return { ok: false, error: `must be a boolean expression (this one is ${checked.type})` };
  return { ok: true, condition: (context) => parsed(context) === true };
}

/** The first line of a CEL error: the rest repeats the expression with a caret. */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0] ?? message;
}
