"use client";

import { useEffect, useMemo, useState } from "react";
import { buildChangeModel } from "@/lib/domain/diff/change-model";
import { Card } from "./card";
import { DiffModeToggle } from "./diff-mode-toggle";
import { DocumentChanges } from "./document-changes";
import { DiffStat, FileDiff, type DiffMode } from "./file-diff";
import { MaskedText } from "./masked-text";
import { TerraformPlanView } from "./terraform-plan-view";

const STORAGE_KEY = "countersign.diff-mode";

const FORMAT_LABEL: Record<string, string> = {
  text: "Text",
  json: "JSON",
  yaml: "YAML",
  sql: "SQL",
  hcl: "HCL",
  unified: "Patch",
  "terraform-plan": "Terraform plan",
  unknown: "Unrecognised format",
};

/** The proposed change: a diff with a layout switch, a Terraform plan summary, or the raw text when neither applies. */
export function ChangeView({ change }: { change: unknown }) {
  const model = useMemo(() => buildChangeModel(change), [change]);
  const [mode, setMode] = useState<DiffMode>("unified");
  useEffect(() => {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    if (saved === "split" || saved === "unified") setMode(saved);
  }, []);
  const choose = (next: DiffMode) => {
    setMode(next);
    window.localStorage.setItem(STORAGE_KEY, next);
  };

  if (!model) {
    return (
      <Card id="change" title="Change">
        <p className="text-gray-600">The agent did not attach a change to review. Check the parameters above for exactly what will run.</p>
      </Card>
    );
  }

  const title = (
    <span className="flex items-center gap-2">
      Change
      <span className="rounded-full border border-gray-300 bg-white px-2 py-px text-[11px] font-medium text-gray-600">{FORMAT_LABEL[model.format]}</span>
    </span>
  );

  if (model.kind === "terraform-plan") {
    return (
      <Card id="change" title={title}>
        <TerraformPlanView plan={model.plan} />
      </Card>
    );
  }

  if (model.kind === "raw") {
    return (
      <Card id="change" title={title}>
        <p className="mb-2 text-[13px] text-amber-800">{model.note}</p>
        <pre tabIndex={0} aria-label="Change as sent" className="max-h-[32rem] overflow-auto rounded-md border border-gray-200 bg-gray-50 p-3 font-mono text-[12px] leading-5">
          <code>
            <MaskedText text={model.text} />
          </code>
        </pre>
      </Card>
    );
  }

  return (
    <Card
      id="change"
      title={title}
      actions={
        <>
          {model.files.length > 1 && <span className="text-xs text-gray-600">{model.files.length} files</span>}
          <DiffStat additions={model.additions} deletions={model.deletions} />
          <DiffModeToggle mode={mode} onChange={choose} />
        </>
      }
    >
      {model.note && <p className="mb-2 text-[13px] text-amber-800">{model.note}</p>}
      {model.documents && (
        <section aria-labelledby="change-documents" className="mb-3 rounded-md border border-gray-200 p-3">
          <h3 id="change-documents" className="mb-1 text-[13px] font-semibold text-gray-900">
            Documents inside strings
          </h3>
          <p className="mb-2 text-xs text-gray-600">These values are JSON documents written as strings; here is what changes inside them.</p>
          <DocumentChanges changes={model.documents} label="Changes inside documents" />
        </section>
      )}
      {model.files.length === 0 ? (
        <p className="text-gray-600">The patch is empty.</p>
      ) : (
        <div className="space-y-3">
          {model.files.map((file, i) => (
            <FileDiff key={`${file.displayName}-${i}`} file={file} mode={mode} />
          ))}
        </div>
      )}
    </Card>
  );
}
