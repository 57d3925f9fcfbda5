import type { Metadata } from "next";
import { AccessDenied } from "@/components/access-denied";
import { QueueView } from "@/components/queue-view";
import { requireUser } from "@/lib/auth/current-user";
import { can } from "@/lib/domain/permissions";

export const metadata: Metadata = { title: "Queue" };

export default async function QueuePage() {
  const user = await requireUser();
  if (!can(user, "readRequests")) return <AccessDenied what="The review queue" needs="reviewers, auditors and administrators" />;
  // A reviewer starts on what waits for them; everyone else (auditors, administrators) on everything pending.
  const home = user.roles.includes("reviewer") ? "waiting" : "pending";
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight text-gray-900">Review queue</h1>
        <p className="mt-1 text-gray-600">Privileged actions agents want to run, waiting for a person to approve or reject them. Press ? for keyboard shortcuts.</p>
      </div>
      {/* Auditors never decide; the server checks each request anyway. */}
      <QueueView home={home} canReject={user.roles.some((role) => role === "reviewer" || role === "admin")} />
    </div>
  );
}
