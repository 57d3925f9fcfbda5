import { parseArgs } from "node:util";
// The console API's own response shapes (type-only): a copy here would drift from what it sends.
import type { QueuePageResponse, RequestDetail as Detail } from "../../lib/queries/types";
import { asSignedIn, ConsoleProblem, signIn, signOut } from "./console-client";

/**
 * What a person does from the command line, signed in through the console's identity provider:
 * `login`, `logout`, and `requests list|show|approve|reject`. Results go to standard output, the
 * sign-in prompt and refusals to standard error. Null: not one of these commands.
 */
const requestPath = (id: string) => `/api/console/requests/${encodeURIComponent(id)}`;

export async function runApproverCommand(argv: string[]): Promise<number | null> {
  const [command, sub, ...rest] = argv;
  if (command === "login" && (sub === undefined || sub.startsWith("--"))) {
    const { values } = parseArgs({ args: argv.slice(1), options: { "max-age": { type: "string" }, email: { type: "string" } } });
    const maxAge = values["max-age"] === undefined ? undefined : Number(values["max-age"]);
    if (maxAge !== undefined && !(Number.isSafeInteger(maxAge) && maxAge >= 0)) return usage("--max-age takes a whole number of seconds");
    const credentials = await signIn({ maxAgeSeconds: maxAge, loginHint: values.email });
    console.log(`Signed in as ${credentials.email} until ${credentials.expiresAt}.`);
    return 0;
  }
  if (command === "logout" && sub === undefined) {
    const email = await signOut();
    console.log(email ? `Signed out ${email}; the session is ended on the console.` : "No session was stored.");
    return 0;
  }
  if (command !== "requests") return null;
  if (sub === "list") {
    const { values } = parseArgs({ args: rest, options: { filter: { type: "string", default: "pending" } } });
    const page = await asSignedIn<QueuePageResponse>(`/api/console/queue?filter=${encodeURIComponent(values.filter)}`);
    for (const item of page.items) {
      console.log(`${item.id}  ${item.status.padEnd(9)} ${item.approvals}/${item.requiredApprovals}  ${item.action} ${item.resource} [${item.environment}]  ${item.summary}`);
    }
    if (page.items.length === 0) console.log(`No ${values.filter === "all" ? "" : `${values.filter} `}requests.`);
    return 0;
  }
  if (sub === "show" && rest.length === 1) {
    printDetail(await asSignedIn<Detail>(requestPath(rest[0]!)));
    return 0;
  }
  if ((sub === "approve" || sub === "reject") && rest.length >= 1) {
    const { values, positionals } = parseArgs({ args: rest, options: { reason: { type: "string" } }, allowPositionals: true });
    const [id, ...extra] = positionals;
    if (!id || extra.length > 0) return usage(`requests ${sub} takes one request id`);
    // The server checks the step-up rule; the request's own rule says how recent a sign-in it wants.
    const stepUpMinutes = async () => (await asSignedIn<Detail>(requestPath(id))).policy.stepUpMinutes;
    const result = await asSignedIn<unknown>(`${requestPath(id)}/decisions`, { method: "POST", body: { outcome: sub, reason: values.reason ?? "" } }, stepUpMinutes);
    console.log(JSON.stringify(result));
    return 0;
  }
  return usage();
}

function printDetail(detail: Detail): void {
  const lines = [
    `${detail.summary}`,
    `  id:          ${detail.id}`,
    `  status:      ${detail.status} (expires ${detail.expiresAt})`,
    `  action:      ${detail.action} on ${detail.resource} [${detail.environment}]`,
    `  agent:       ${detail.agent.name} (owner ${detail.agent.ownerEmail})${detail.onBehalfOf ? `, on behalf of ${detail.onBehalfOf}` : ""}`,
    `  policy:      ${detail.policy.name}, rule "${detail.policy.rule}": ${detail.policy.explanation}`,
    `  digest:      ${detail.payloadDigest}`,
    ...(detail.reasoning ? [`  reasoning:   ${detail.reasoning}`] : []),
    `  parameters:  ${JSON.stringify(detail.parameters, null, 2).replaceAll("\n", "\n  ")}`,
    ...(detail.context ? [`  context:     ${JSON.stringify(detail.context, null, 2).replaceAll("\n", "\n  ")}`] : []),
    ...detail.decisions.map((d) => `  decision:    ${d.outcome} by ${d.decider} at ${d.decidedAt}${d.reason ? `: ${d.reason}` : ""}`),
    detail.viewer.canDecide ? "  you may approve or reject it." : `  you may not decide it: ${detail.viewer.reason ?? "not now"}`,
  ];
  console.log(lines.join("\n"));
}

function usage(problem?: string): number {
  if (problem) console.error(`error: ${problem}`);
  console.error(APPROVER_USAGE);
  return 2;
}

export const APPROVER_USAGE = `  npm run cli -- login [--max-age SECONDS] [--email EMAIL]
  npm run cli -- logout
  npm run cli -- requests list [--filter pending|decided|follow-up|all]
  npm run cli -- requests show REQUEST_ID
  npm run cli -- requests approve REQUEST_ID [--reason TEXT]
  npm run cli -- requests reject REQUEST_ID [--reason TEXT]`;

export { ConsoleProblem };
