import type { ReactNode } from "react";
import { AccessDenied } from "@/components/access-denied";
import { AdminTabs } from "@/components/admin/admin-tabs";
import { requireUser } from "@/lib/auth/current-user";
import { can } from "@/lib/domain/permissions";

/**
 * Administrators only. The guard here keeps others from seeing the pages; every verb behind them
 * checks the capability again, because a layout is not an authorisation boundary.
 */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  if (!can(user, "administer")) return <AccessDenied what="Administration" needs="administrators" />;
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-xl font-semibold tracking-tight text-gray-900">Administration</h1>
        <p className="mt-1 text-gray-600">Policies, agents, the freeze switch, who holds which role, and webhooks.</p>
      </div>
      <AdminTabs />
      {children}
    </div>
  );
}
