import type { Metadata } from "next";
import { AccessDenied } from "@/components/access-denied";
import { AuditOverview } from "@/components/audit-overview";
import { AuditView } from "@/components/audit-view";
import { requireUser } from "@/lib/auth/current-user";
import { AUDIT_PERIOD_PRESETS, type AuditPeriodPreset } from "@/lib/domain/audit/overview";
import { can } from "@/lib/domain/permissions";
import { auditFilterFromSearchParams } from "@/lib/queries/audit-filter-params";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  if (!can(user, "readAuditLog")) return <AccessDenied what="The audit log" needs="auditors and administrators" />;
  const params = await searchParams;
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-xl font-semibold tracking-tight text-gray-900">Audit log</h1>
        <p className="mt-1 text-gray-600">
          Every request, decision, grant and sign-in, append-only and hash-chained, with a signed export anyone can verify.
        </p>
      </div>
      <AuditView filter={auditFilterFromSearchParams(params)} overview={<AuditOverview period={overviewPeriod(params.period)} />} />
    </div>
  );
}

/** The overview's period from the address; anything but a known preset means the default, 30 days. */
function overviewPeriod(value: string | string[] | undefined): AuditPeriodPreset {
  return typeof value === "string" && value in AUDIT_PERIOD_PRESETS ? (value as AuditPeriodPreset) : "30d";
}
