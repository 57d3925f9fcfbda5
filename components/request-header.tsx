import type { ReactNode } from "react";
import type { RequestDetail } from "@/lib/queries";
import { BreakGlassBadge } from "./break-glass-badge";
import { CopyButton } from "./copy-button";
import { EnvironmentBadge } from "./environment-badge";
import { formatDateTime, formatRelative } from "./format";
import { MaskedText } from "./masked-text";
import { RiskLevelBadge, RiskReasons } from "./risk-badges";
import { StatusBadge } from "./status-badge";
import { TimeLeft } from "./time-left";

/** Title, status and the facts a reviewer checks first: what, where, who, when, and the exact payload it binds. */
export function RequestHeader({ request, now }: { request: RequestDetail; now: number }) {
  return (
    <header className="border-b border-gray-200 pb-5">
      <div className="flex flex-wrap items-start gap-3">
        {/* A basis, so on a narrow screen the badges wrap below the title instead of squeezing it to a column. */}
        <h1 className="min-w-0 flex-1 basis-64 text-2xl font-semibold tracking-tight break-words text-gray-900">
          <MaskedText text={request.summary} />
        </h1>
        <div className="flex flex-wrap items-center gap-2">
          <RiskLevelBadge level={request.risk.level} size="lg" />
          {request.breakGlass && <BreakGlassBadge followUp={request.breakGlass.followUp.status} size="lg" />}
          <StatusBadge status={request.status} size="lg" />
        </div>
      </div>
      <p className="mt-2 flex flex-wrap items-center gap-x-2 gap-y-1 text-gray-600">
        <code className="rounded-sm bg-gray-100 px-1.5 py-px font-mono text-[12.5px] text-gray-900">{request.action}</code>
        <span>on</span>
        <code className="font-mono text-[12.5px] break-all text-gray-800">
          <MaskedText text={request.resource} />
        </code>
        <EnvironmentBadge environment={request.environment} />
      </p>
      <RiskReasons risk={request.risk} className="mt-2" />
      <dl className="mt-4 grid grid-cols-1 gap-x-8 gap-y-2 text-[13px] sm:grid-cols-2 lg:grid-cols-4">
        <Fact label="Agent">
          <span className="font-medium text-gray-900">{request.agent.name}</span>
          <span className="text-gray-500"> · owned by {request.agent.ownerEmail}</span>
        </Fact>
        <Fact label="On behalf of">{request.onBehalfOf ?? <span className="text-gray-500">Nobody named</span>}</Fact>
        <Fact label="Created">
          <time dateTime={request.createdAt} title={request.createdAt}>
            {formatDateTime(request.createdAt)}
          </time>
          {now > 0 && <span className="text-gray-500"> · {formatRelative(request.createdAt, now)}</span>}
        </Fact>
        <Fact label="Expires">
          <time dateTime={request.expiresAt} title={request.expiresAt}>
            {formatDateTime(request.expiresAt)}
          </time>
          {now > 0 && request.status === "pending" && (
            <>
              <span className="text-gray-500"> · </span>
              <TimeLeft expiresAt={request.expiresAt} now={now} />
            </>
          )}
        </Fact>
      </dl>
      <div className="mt-3 flex min-w-0 items-center gap-2 text-[13px]">
        <span className="shrink-0 text-gray-500" id="payload-digest-label">
          Payload digest
        </span>
        <code aria-labelledby="payload-digest-label" className="min-w-0 truncate rounded-sm bg-gray-100 px-1.5 py-px font-mono text-[12px] text-gray-800" title={request.payloadDigest}>
          {request.payloadDigest}
        </code>
        <CopyButton value={request.payloadDigest} label="Copy payload digest" />
      </div>
    </header>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-gray-500">{label}</dt>
      <dd className="mt-0.5 truncate text-gray-800">{children}</dd>
    </div>
  );
}
