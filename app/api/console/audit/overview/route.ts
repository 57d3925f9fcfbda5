import { z } from "zod";
import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { readQuery } from "@/lib/http/read-request-parts";
import { withUser } from "@/lib/http/with-user";
import { AUDIT_PERIOD_PRESETS, presetPeriod, type AuditPeriodPreset } from "@/lib/domain/audit/overview";
import { readAuditOverview } from "@/lib/services/read-audit-overview";

// A preset ending now (30 days by default), or a period with both ends; the verb checks the period.
const ZOverviewQuery = z
  .object({
    period: z.enum(Object.keys(AUDIT_PERIOD_PRESETS) as [AuditPeriodPreset, ...AuditPeriodPreset[]]).optional(),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
  })
  .strict()
  .refine(({ from, to }) => (from === undefined) === (to === undefined), { path: ["to"], message: "Give both from and to, or neither." })
  .refine(({ from, period }) => !(from && period), { path: ["period"], message: "Give a preset period or from and to, not both." });

export const GET = withUser(async ({ request, service }) => {
  const { period, from, to } = readQuery(request, ZOverviewQuery);
  return Response.json(await readAuditOverview(service, from && to ? { from, to } : presetPeriod(period ?? "30d", service.now)), {
    headers: { "cache-control": "no-store" },
  });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("GET");
