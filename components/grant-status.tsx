import type { RequestDetail } from "@/lib/queries";
import { Card } from "./card";
import { LocalTime } from "./local-time";

/** What happened after approval: the signed grant, and what the agent reported when it ran the action. */
export function GrantStatus({ request }: { request: RequestDetail }) {
  const { grant, execution, status } = request;
  return (
    <Card id="grant" title="Grant and execution">
      <dl className="space-y-2.5 text-[13px]">
        <div>
          <dt className="text-xs font-medium text-gray-500">Grant</dt>
          <dd className="mt-0.5 text-gray-800">
            {grant ? (
              <>
                <span className="font-medium text-green-800">Issued</span> <LocalTime iso={grant.issuedAt} relative />
                <span className="block text-xs text-gray-500">
                  Valid until <LocalTime iso={grant.expiresAt} />
                </span>
              </>
            ) : status === "pending" ? (
              <span className="text-gray-500">Issued once the request is approved.</span>
            ) : (
              <span className="text-gray-500">None: the request was {status}.</span>
            )}
          </dd>
        </div>
        <div>
          <dt className="text-xs font-medium text-gray-500">Execution</dt>
          <dd className="mt-0.5 text-gray-800">
            {execution ? (
              <>
                <span className={`font-medium ${execution.outcome === "succeeded" ? "text-green-800" : "text-red-700"}`}>
                  {execution.outcome === "succeeded" ? "Succeeded" : "Failed"}
                </span>{" "}
                <LocalTime iso={execution.reportedAt} relative />
                {execution.detail && <span className="mt-1 block rounded-md bg-gray-50 px-2 py-1 break-words text-gray-700">{execution.detail}</span>}
              </>
            ) : grant ? (
              <span className="text-gray-500">Waiting for the agent to report.</span>
            ) : (
              <span className="text-gray-500">Not run.</span>
            )}
          </dd>
        </div>
      </dl>
    </Card>
  );
}
