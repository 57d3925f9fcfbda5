import { Fragment } from "react";
import type { TerraformAction, TerraformPlanSummary } from "@/lib/domain/diff/types";
import { DocumentChanges, DocumentNote } from "./document-changes";
import { MaskedText } from "./masked-text";

const ACTION_STYLE: Record<TerraformAction, { symbol: string; label: string; className: string }> = {
  create: { symbol: "+", label: "create", className: "border-green-300 bg-green-50 text-green-800" },
  update: { symbol: "~", label: "update in place", className: "border-amber-300 bg-amber-50 text-amber-900" },
  delete: { symbol: "−", label: "destroy", className: "border-red-300 bg-red-50 text-red-800" },
  replace: { symbol: "∓", label: "replace", className: "border-purple-300 bg-purple-50 text-purple-800" },
  read: { symbol: "≤", label: "read", className: "border-gray-300 bg-gray-50 text-gray-700" },
  "no-op": { symbol: "·", label: "no change", className: "border-gray-300 bg-gray-50 text-gray-700" },
};

const FLAG_STYLE = {
  destructive: "rounded-md border border-red-300 bg-red-50 px-1.5 py-px text-xs font-medium text-red-800",
  sensitive: "rounded-md border border-gray-300 bg-gray-100 px-1.5 py-px text-xs font-medium text-gray-800",
};

/** `terraform plan`, summarised for a reviewer: counts, then each resource that changes and how. */
export function TerraformPlanView({ plan }: { plan: TerraformPlanSummary }) {
  const { counts } = plan;
  const nothing = plan.resources.length === 0 && plan.outputs.length === 0;
  return (
    <div className="space-y-3">
      <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-[13px]">
        <span className="font-semibold text-gray-900">Plan:</span>
        <Count n={counts.create} label="to add" className="text-green-700" />
        <Count n={counts.update} label="to change" className="text-amber-700" />
        <Count n={counts.delete} label="to destroy" className="text-red-700" />
        <Count n={counts.replace} label="to replace" className="text-purple-700" />
        {plan.terraformVersion && <span className="text-xs text-gray-500">Terraform {plan.terraformVersion}</span>}
      </p>
      {(plan.flags.destructive > 0 || plan.flags.sensitive > 0) && (
        <p className="flex flex-wrap gap-2 text-[13px]">
          {plan.flags.destructive > 0 && (
            <span className={FLAG_STYLE.destructive}>
              {plan.flags.destructive} destructive {plan.flags.destructive === 1 ? "change" : "changes"}: something that exists will be destroyed
            </span>
          )}
          {plan.flags.sensitive > 0 && (
            <span className={FLAG_STYLE.sensitive}>
              {plan.flags.sensitive} {plan.flags.sensitive === 1 ? "resource has" : "resources have"} sensitive values (not shown)
            </span>
          )}
        </p>
      )}
      {nothing && <p className="text-gray-600">No changes. The infrastructure matches the configuration.</p>}
      {plan.resources.length > 0 && (
        <ul className="divide-y divide-gray-200 overflow-hidden rounded-md border border-gray-200">
          {plan.resources.map((resource) => {
            const style = ACTION_STYLE[resource.action];
            return (
              <li key={resource.address} className="px-3 py-2">
                <div className="flex flex-wrap items-center gap-2">
                  <span className={`inline-flex items-center gap-1 rounded-md border px-1.5 py-px text-xs font-medium ${style.className}`}>
                    <span aria-hidden="true" className="font-mono">
                      {style.symbol}
                    </span>
                    {style.label}
                  </span>
                  <code className="font-mono text-[12.5px] font-medium break-all text-gray-900">{resource.address}</code>
                  {resource.destructive && <span className={FLAG_STYLE.destructive}>destructive</span>}
                  {resource.sensitive && <span className={FLAG_STYLE.sensitive}>sensitive</span>}
                </div>
                {resource.attributes.length > 0 && (
                  <table className="mt-2 w-full table-fixed border-collapse font-mono text-[12px] leading-5">
                    <caption className="sr-only">Attributes that change on {resource.address}</caption>
                    <colgroup>
                      <col className="w-[30%]" />
                      <col />
                      <col className="w-6" />
                      <col />
                    </colgroup>
                    <thead className="sr-only">
                      <tr>
                        <th scope="col">Attribute</th>
                        <th scope="col">Before</th>
                        <td />
                        <th scope="col">After</th>
                      </tr>
                    </thead>
                    <tbody>
                      {resource.attributes.map((attr) => (
                        <Fragment key={attr.path}>
                          <tr className="align-top">
                            <th scope="row" className="py-0.5 pr-3 text-left font-normal break-all text-gray-600">
                              {attr.path}
                              {attr.forcesReplacement && (
                                <span className="mt-0.5 block w-fit rounded-sm bg-purple-100 px-1 font-sans text-[10.5px] font-medium whitespace-nowrap text-purple-800">
                                  forces replacement
                                </span>
                              )}
                            </th>
                            {attr.document ? (
                              <td colSpan={3} className="py-0.5 break-all">
                                <DocumentNote count={attr.document.length} />
                              </td>
                            ) : (
                              <>
                                <td className="py-0.5 pr-2 break-all">
                                  {attr.before === null ? (
                                    <span className="text-gray-400">(absent)</span>
                                  ) : (
                                    <span className="rounded-xs bg-red-50 px-0.5 text-red-900">
                                      <MaskedText text={attr.before} />
                                    </span>
                                  )}
                                </td>
                                <td aria-hidden="true" className="py-0.5 text-center text-gray-400">
                                  →
                                </td>
                                <td className="py-0.5 break-all">
                                  {attr.unknownAfter ? (
                                    <span className="text-gray-500 italic">(known after apply)</span>
                                  ) : attr.after === null ? (
                                    <span className="text-gray-400">(removed)</span>
                                  ) : (
                                    <span className="rounded-xs bg-green-50 px-0.5 text-green-900">
                                      <MaskedText text={attr.after} />
                                    </span>
                                  )}
                                </td>
                              </>
                            )}
                          </tr>
                          {attr.document && (
                            <tr>
                              <td colSpan={4} className="pb-1 pl-3">
                                <div className="border-l-2 border-gray-200 pl-3">
                                  <DocumentChanges changes={attr.document} label={`Changes inside ${attr.path} of ${resource.address}`} />
                                </div>
                              </td>
                            </tr>
                          )}
                        </Fragment>
                      ))}
                    </tbody>
                  </table>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {plan.outputs.length > 0 && (
        <div>
          <h3 className="mb-1 text-xs font-semibold tracking-wide text-gray-500 uppercase">Outputs</h3>
          <ul className="space-y-0.5 font-mono text-[12px]">
            {plan.outputs.map((o) => (
              <li key={o.name}>
                <span className="text-gray-500">{ACTION_STYLE[o.action].symbol}</span> {o.name}: {o.before ?? "(absent)"} → {o.after ?? "(removed)"}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function Count({ n, label, className }: { n: number; label: string; className: string }) {
  return (
    <span className={n > 0 ? `font-medium ${className}` : "text-gray-500"}>
      {n} {label}
    </span>
  );
}
