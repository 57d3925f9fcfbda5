"use client";

import Link from "next/link";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { explainPolicyEvaluation } from "@/lib/domain/policy/explain";
import type { PolicyEvaluation } from "@/lib/domain/policy/evaluate";
import { simulatePolicyMutation, type TestRequest } from "@/lib/queries";
import { Card } from "../card";
import { SECONDARY_BUTTON, TEXT_FIELD } from "../control-styles";
import { ErrorPanel } from "../error-panel";
import { LocalTime } from "../local-time";

const OUTCOME_STYLE: Record<PolicyEvaluation["outcome"], string> = {
  deny: "border-red-300 bg-red-50 text-red-800",
  "auto-approve": "border-green-300 bg-green-50 text-green-800",
  require: "border-gray-300 bg-gray-50 text-gray-800",
};

function Outcome({ evaluation }: { evaluation: PolicyEvaluation }) {
  return <span className={`rounded-full border px-2 py-px text-[11px] font-medium whitespace-nowrap ${OUTCOME_STYLE[evaluation.outcome]}`}>{evaluation.outcome}</span>;
}

/**
 * How the draft would have decided the last N requests, against the version in force (only those it
 * would decide differently are listed), and a hand-written request through both. Nothing is stored.
 */
export function PolicySimulation({ yaml, canRun }: { yaml: string; canRun: boolean }) {
  const simulate = useMutation(simulatePolicyMutation());
  const [last, setLast] = useState("100");
  const [test, setTest] = useState({ action: "", resource: "", environment: "production", agent: "", parameters: "{}" });
  const [parametersError, setParametersError] = useState<string | null>(null);
  const field = (key: keyof typeof test) => ({ value: test[key], onChange: (e: { target: { value: string } }) => setTest({ ...test, [key]: e.target.value }) });

  const run = (event: FormEvent) => {
    event.preventDefault();
    let request: TestRequest | undefined;
    if (test.action.trim()) {
      let parameters: unknown;
      try {
        parameters = JSON.parse(test.parameters || "{}");
      } catch {
        setParametersError("Parameters must be JSON, for example {\"sql\": \"DROP TABLE users\"}.");
        return;
      }
      request = { action: test.action, resource: test.resource, environment: test.environment, agent: test.agent, parameters };
    }
    setParametersError(null);
    simulate.mutate({ yaml, last: Number(last), ...(request && { test: request }) });
  };

  const result = simulate.data;
  return (
    <Card id="policy-simulation" title="Simulation">
      <form onSubmit={run} className="space-y-4">
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          <label className="text-xs text-gray-700">
            Past requests
            <input type="number" min={1} max={1000} required value={last} onChange={(e) => setLast(e.target.value)} className={TEXT_FIELD} />
          </label>
        </div>
        <fieldset className="rounded-md border border-gray-200 p-3">
          <legend className="px-1 text-xs font-semibold text-gray-700">Test request (optional)</legend>
          <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
            <label className="text-xs text-gray-700">
              Action
              <input {...field("action")} placeholder="db.drop_table" className={TEXT_FIELD} />
            </label>
            <label className="text-xs text-gray-700">
              Resource
              <input {...field("resource")} placeholder="postgres://prod-db/customers" className={TEXT_FIELD} />
            </label>
            <label className="text-xs text-gray-700">
              Environment
              <input {...field("environment")} className={TEXT_FIELD} />
            </label>
            <label className="text-xs text-gray-700">
              Agent
              <input {...field("agent")} placeholder="demo-agent" className={TEXT_FIELD} />
            </label>
          </div>
          <label className="mt-3 block text-xs text-gray-700">
            Parameters (JSON)
            <textarea {...field("parameters")} rows={3} spellCheck={false} className={`${TEXT_FIELD} resize-y font-mono`} />
          </label>
          {parametersError && (
            <p role="alert" className="mt-1 text-[13px] text-red-800">
              {parametersError}
            </p>
          )}
        </fieldset>
        <div className="flex items-center gap-3">
          <button type="submit" className={SECONDARY_BUTTON} disabled={!canRun || simulate.isPending}>
            {simulate.isPending ? "Simulating…" : "Simulate"}
          </button>
          {!canRun && <span className="text-xs text-gray-600">Simulation needs a valid draft.</span>}
        </div>
      </form>

      {simulate.isError && (
        <div className="mt-4">
          <ErrorPanel compact error={simulate.error} title="The simulation failed" />
        </div>
      )}
      {result && (
        <div role="region" aria-label="Simulation results" className="mt-4 space-y-4">
          <p className="text-[13px] text-gray-900">
            Of the last {result.summary.total === 1 ? "request" : `${result.summary.total} requests`}, <strong>{result.summary.changed}</strong> would be decided differently than under
            version {result.current.version}.
            {result.summary.transitions.length > 0 && ` ${result.summary.transitions.map((t) => `${t.from} → ${t.to}: ${t.count}`).join("; ")}.`}
          </p>
          {result.changed.length > 0 && (
            <div className="overflow-x-auto rounded-md border border-gray-200">
              <table aria-label="Requests decided differently" className="w-full text-left text-[13px]">
                <thead className="border-b border-gray-200 bg-gray-50 text-xs text-gray-600">
                  <tr>
                    <th scope="col" className="px-3 py-2 font-medium">Request</th>
                    <th scope="col" className="px-3 py-2 font-medium">In force</th>
                    <th scope="col" className="px-3 py-2 font-medium">Draft</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-gray-200 align-top">
                  {result.changed.map((row) => (
                    <tr key={row.id}>
                      <td className="px-3 py-2">
                        <Link href={`/requests/${row.id}`} className="font-mono text-[12px] text-accent-700 underline [overflow-wrap:anywhere]">
                          {row.action}
                        </Link>
                        <div className="text-xs text-gray-600 [overflow-wrap:anywhere]">
                          {row.resource} [{row.environment}], <LocalTime iso={row.createdAt} />
                        </div>
                      </td>
                      <td className="px-3 py-2">
                        <Outcome evaluation={row.before} /> <span className="text-xs text-gray-600">{row.before.rule}</span>
                      </td>
                      <td className="px-3 py-2">
                        <Outcome evaluation={row.after} /> <span className="text-xs text-gray-600">{row.after.rule}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {result.test && (
            <div aria-label="Test request" role="group" className="grid gap-3 md:grid-cols-2">
              {(
                [
                  [`Version ${result.current.version} (in force)`, result.test.before],
                  ["Draft", result.test.after],
                ] as const
              ).map(([title, evaluation]) => (
                <div key={title} className="rounded-md border border-gray-200 p-3">
                  <p className="mb-1 flex items-center gap-2 text-xs font-semibold text-gray-700">
                    {title} <Outcome evaluation={evaluation} />
                  </p>
                  <p className="text-[13px] text-gray-900">{explainPolicyEvaluation(evaluation)}</p>
                </div>
              ))}
              {!result.test.agentKnown && <p className="text-xs text-gray-600 md:col-span-2">No agent has that name, so rules on the agent or its owner&apos;s groups match as for an unknown agent.</p>}
            </div>
          )}
        </div>
      )}
    </Card>
  );
}
