import type { Metadata } from "next";
import { AccessDenied } from "@/components/access-denied";
import { QueueView } from "@/components/queue-view";
import { requireUser } from "@/lib/auth/current-user";
import { can } from "@/lib/domain/permissions";
import type { QueueFilter } from "@/lib/queries";

export const metadata: Metadata = { title: "Queue" };

const FILTERS: readonly QueueFilter[] = ["pending", "decided", "follow-up", "all"];

export default async function QueuePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  if (!can(user, "readRequests")) return <AccessDenied what="The review queue" needs="reviewers, auditors and administrators" />;
  const { filter } = await searchParams;
  const current = FILTERS.find((f) => f === filter) ?? "pending";
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight text-gray-900">Review queue</h1>
        <p className="mt-1 text-gray-600">Privileged actions agents want to run, waiting for a person to approve or reject them. Pending requests are listed soonest to expire first.</p>
      </div>
      <QueueView filter={current} />
    </div>
  );
}
