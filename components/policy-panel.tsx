import { Fragment } from "react";
import type { RequestDetail } from "@/lib/queries";
import { Card } from "./card";

/** Which policy applied and why: what this request needs before the agent may act. */
export function PolicyPanel({ policy }: { policy: RequestDetail["policy"] }) {
  return (
    <Card id="policy" title="Policy">
      <p className="font-medium text-gray-900">
        {policy.name} <span className="font-normal text-gray-500">v{policy.version}</span>
      </p>
      <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1.5 text-[13px]">
        <dt className="text-gray-500">Rule</dt>
        <dd className="text-gray-900">{policy.rule === "default" ? "Default (no rule matched)" : policy.rule}</dd>
        <dt className="text-gray-500">Approvals</dt>
        <dd className="text-gray-900">{policy.requiredApprovals === 0 ? "None" : `${policy.requiredApprovals} required`}</dd>
        {policy.stages.map((stage, i) => (
          <Fragment key={i}>
            <dt className="text-gray-500">{policy.stages.length > 1 ? `Stage ${i + 1}` : "Approvers"}</dt>
            <dd className="flex flex-wrap items-center gap-1">
              {policy.stages.length > 1 && <span className="text-gray-700">{stage.approvals} from</span>}
              {stage.groups.map((g) => (
                <span key={g} className="rounded-full border border-gray-300 bg-gray-50 px-2 py-px font-mono text-[11.5px] text-gray-700">
                  {g}
                </span>
              ))}
            </dd>
          </Fragment>
        ))}
      </dl>
      {policy.explanation && <p className="mt-3 border-t border-gray-100 pt-3 text-[13px] text-gray-600">{policy.explanation}</p>}
    </Card>
  );
}
