"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { diffTexts } from "@/lib/domain/diff/line-diff";
import { policyVersionsQuery, type PolicyVersionView } from "@/lib/queries";
import { Card } from "../card";
import { PRIMARY_BUTTON, TEXT_FIELD } from "../control-styles";
import { ErrorPanel } from "../error-panel";
import { DiffStat, FileDiff } from "../file-diff";
import { ListSkeleton } from "../list-skeleton";
import { LocalTime } from "../local-time";
import { PolicyYaml } from "./policy-yaml";

/** Who a version came from, in words: the change's author and approvers, or what recorded it (the seed). */
function provenance(version: PolicyVersionView): string {
  if (!version.proposedBy) return `Recorded by ${version.recordedBy}`;
  const approvers = version.approvers.length > 0 ? version.approvers.join(", ") : "nobody recorded";
  return `Proposed by ${version.proposedBy}, approved by ${approvers}`;
}

/** /admin/policies: the version in force, the changes waiting for a second administrator, the history and a diff between any two versions. */
export function PolicyVersionsView() {
  const query = useQuery(policyVersionsQuery());
  if (!query.data) {
    return query.isError ? <ErrorPanel error={query.error} title="The policy could not be loaded" onRetry={() => query.refetch()} /> : <ListSkeleton label="Loading the policy…" />;
  }
  const { versions, pendingChanges } = query.data;
  const current = versions[0]!;
  return (
    <div className="space-y-5">
      {query.isRefetchError && <ErrorPanel compact error={query.error} title="Showing the last policy we could load" />}
      <Card
        id="policy-in-force"
        title={`Version ${current.version} in force: ${current.name}`}
        actions={
          <Link href="/admin/policies/new" className={PRIMARY_BUTTON}>
            Propose a change
          </Link>
        }
      >
        <p className="mb-3 text-[13px] text-gray-600">
          {provenance(current)}, <LocalTime iso={current.createdAt} />.
          {current.changeRequestId && (
            <>
              {" "}
              <Link className="text-accent-700 underline" href={`/requests/${current.changeRequestId}`}>
                The change request
              </Link>
              .
            </>
          )}
        </p>
        <PolicyYaml yaml={current.yaml} label="Policy in force" />
      </Card>

      <Card id="pending-policy-changes" title={`Pending policy changes (${pendingChanges.length})`} flush>
        {pendingChanges.length === 0 ? (
          <p className="p-4 text-gray-600">No change is waiting for approval.</p>
        ) : (
          <ul className="divide-y divide-gray-200">
            {pendingChanges.map((change) => (
              <li key={change.id} className="flex flex-wrap items-baseline justify-between gap-2 px-4 py-3">
                <Link href={`/requests/${change.id}`} className="font-medium text-accent-700 underline">
                  {change.summary}
                </Link>
                <span className="text-[13px] text-gray-600">
                  by {change.proposedBy ?? "unknown"}, <LocalTime iso={change.createdAt} relative />; expires <LocalTime iso={change.expiresAt} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card id="policy-history" title="History" flush>
        <div className="overflow-x-auto">
          <table className="w-full text-left text-[13px]">
            <thead className="border-b border-gray-200 bg-gray-50 text-xs text-gray-600">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">Version</th>
                <th scope="col" className="px-4 py-2 font-medium">Name</th>
                <th scope="col" className="px-4 py-2 font-medium">Origin</th>
                <th scope="col" className="px-4 py-2 font-medium">Recorded</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-200">
              {versions.map((version) => (
                <tr key={version.version}>
                  <td className="px-4 py-2 tabular-nums">{version.version}</td>
                  <td className="px-4 py-2">{version.name}</td>
                  <td className="px-4 py-2 text-gray-700">
                    {provenance(version)}
                    {version.changeRequestId && (
                      <>
                        {" "}
                        (<Link className="text-accent-700 underline" href={`/requests/${version.changeRequestId}`}>request</Link>)
                      </>
                    )}
                  </td>
                  <td className="px-4 py-2 whitespace-nowrap">
                    <LocalTime iso={version.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>

      <VersionDiff versions={versions} />
    </div>
  );
}

/** Any two versions side by side as a YAML diff; by default the one before the version in force against it. */
function VersionDiff({ versions }: { versions: PolicyVersionView[] }) {
  const [from, setFrom] = useState(versions[1]?.version ?? versions[0]!.version);
  const [to, setTo] = useState(versions[0]!.version);
  const file = useMemo(() => {
    const yamlOf = (n: number) => versions.find((v) => v.version === n)?.yaml ?? "";
    return diffTexts(yamlOf(from), yamlOf(to), { name: `policy v${from} → v${to}` });
  }, [from, to, versions]);
  const select = (label: string, value: number, onChange: (n: number) => void) => (
    <label className="text-xs text-gray-700">
      {label}
      <select value={value} onChange={(e) => onChange(Number(e.target.value))} className={`${TEXT_FIELD} w-auto`}>
        {versions.map((v) => (
          <option key={v.version} value={v.version}>
            v{v.version}: {v.name}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <Card id="policy-compare" title="Compare versions" actions={<DiffStat additions={file.additions} deletions={file.deletions} />}>
      <div className="mb-3 flex flex-wrap gap-3">
        {select("From version", from, setFrom)}
        {select("To version", to, setTo)}
      </div>
      <FileDiff file={file} mode="unified" />
    </Card>
  );
}
