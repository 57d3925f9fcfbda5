"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { diffTexts } from "@/lib/domain/diff/line-diff";
import { policyDraftCheckQuery, policyVersionsQuery, proposePolicyMutation, type PolicyDraftCheck } from "@/lib/queries";
import { Card } from "../card";
import { PRIMARY_BUTTON } from "../control-styles";
import { ErrorPanel } from "../error-panel";
import { DiffStat, FileDiff } from "../file-diff";
import { ListSkeleton } from "../list-skeleton";
import { useDebouncedValue } from "../use-debounced-value";
import { PolicySimulation } from "./policy-simulation";
import { YamlEditor } from "./yaml-editor";

/** Long enough not to ask on every keystroke, short enough that the answer seems to follow the typing. */
const CHECK_DELAY_MS = 400;

/**
 * /admin/policies/new: the version in force as YAML to edit, checked (parse, then lint) as the
 * administrator types, its diff against the version in force, a simulation, and Propose, which
 * creates the policy change another administrator must approve and opens its request page.
 */
export function PolicyEditor() {
  const versions = useQuery(policyVersionsQuery());
  const [text, setText] = useState<string | null>(null);
  const seed = versions.data?.versions[0]?.yaml;
  // Seeded once: later refreshes of the versions must not overwrite what is being typed.
  useEffect(() => {
    if (seed !== undefined) setText((typed) => typed ?? seed);
  }, [seed]);

  if (text === null) {
    return versions.isError ? <ErrorPanel error={versions.error} title="The policy in force could not be loaded" onRetry={() => versions.refetch()} /> : <ListSkeleton label="Loading the policy…" />;
  }
  return <DraftEditor text={text} onChange={setText} />;
}

function DraftEditor({ text, onChange }: { text: string; onChange: (text: string) => void }) {
  const settled = useDebouncedValue(text, CHECK_DELAY_MS);
  const check = useQuery({ ...policyDraftCheckQuery(settled), placeholderData: keepPreviousData });
  const result = check.data;
  // Propose only what was checked: the text on screen, found valid.
  const upToDate = settled === text && !check.isPlaceholderData && !check.isFetching;
  const errorLines = useMemo(() => new Set((result?.errors ?? []).flatMap((e) => (e.line === null ? [] : [e.line]))), [result]);

  const queryClient = useQueryClient();
  const router = useRouter();
  const propose = useMutation(proposePolicyMutation(queryClient));

  return (
    <div className="space-y-5">
      <div className="grid gap-5 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card id="policy-draft" title="Draft">
          <YamlEditor value={text} onChange={onChange} errorLines={errorLines} label="Policy YAML" describedBy="policy-checks" />
        </Card>
        <Card id="policy-checks-card" title="Checks">
          <div id="policy-checks" role="status" aria-live="polite" aria-label="Validation" className="space-y-3">
            <CheckResult result={result} checking={!upToDate} error={check.error} />
          </div>
          <div className="mt-4 border-t border-gray-200 pt-4">
            <button
              type="button"
              className={PRIMARY_BUTTON}
              disabled={!upToDate || !result?.valid || propose.isPending}
              onClick={() => propose.mutate(text, { onSuccess: (change) => router.push(`/requests/${change.id}`) })}
            >
              {propose.isPending ? "Proposing…" : "Propose change"}
            </button>
            <p className="mt-2 text-xs text-gray-600">Another administrator must approve it at its request page; you cannot approve your own change.</p>
            {propose.isError && (
              <div className="mt-3">
                <ErrorPanel compact error={propose.error} title="The change was not proposed" />
              </div>
            )}
          </div>
        </Card>
      </div>
      {result && <DraftDiff result={result} />}
      <PolicySimulation yaml={text} canRun={Boolean(result && result.errors.length === 0 && upToDate)} />
    </div>
  );
}

function CheckResult({ result, checking, error }: { result: PolicyDraftCheck | undefined; checking: boolean; error: unknown }) {
  if (error) return <ErrorPanel compact error={error} title="The draft could not be checked" />;
  if (!result) return <p className="text-gray-600">Checking…</p>;
  return (
    <>
      {checking && <p className="text-xs text-gray-500">Checking the latest edit…</p>}
      {result.errors.length > 0 && (
        <div>
          <p className="font-semibold text-red-800">Not a valid policy document</p>
          <ul aria-label="Errors" className="mt-1 space-y-1 text-[13px]">
            {result.errors.map((e, i) => (
              <li key={i} className="rounded-md border border-red-200 bg-red-50 px-2.5 py-1.5 text-red-900">
                {e.line !== null && <span className="mr-1.5 rounded bg-red-200 px-1.5 py-px text-[11px] font-semibold">Line {e.line}</span>}
                {e.path && <code className="mr-1 font-mono text-[12px]">{e.path}:</code>}
                {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {result.findings.length > 0 && (
        <div>
          <p className="font-semibold text-amber-800">The linter refuses it</p>
          <ul aria-label="Lint findings" className="mt-1 space-y-1 text-[13px]">
            {result.findings.map((f, i) => (
              <li key={i} className="rounded-md border border-amber-200 bg-amber-50 px-2.5 py-1.5 text-amber-900">
                <code className="mr-1 font-mono text-[12px]">{f.path}:</code>
                {f.message} <span className="text-amber-700">(rule &ldquo;{f.rule}&rdquo;, {f.code})</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {result.valid && <p className="font-semibold text-green-800">Valid: no errors, no lint findings.</p>}
    </>
  );
}

function DraftDiff({ result }: { result: PolicyDraftCheck }) {
  const file = useMemo(
    () => result.draftYaml !== null && diffTexts(result.current.yaml, result.draftYaml, { name: `policy v${result.current.version} → draft` }),
    [result],
  );
  return (
    <Card id="policy-draft-diff" title={`Changes against version ${result.current.version}`} actions={file ? <DiffStat additions={file.additions} deletions={file.deletions} /> : undefined}>
      {file ? <FileDiff file={file} mode="unified" /> : <p className="text-gray-600">The diff appears once the draft is a valid document.</p>}
    </Card>
  );
}
