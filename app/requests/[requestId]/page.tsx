import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AccessDenied } from "@/components/access-denied";
import { RequestView } from "@/components/request-view";
import { requireUser } from "@/lib/auth/current-user";
import { can } from "@/lib/domain/permissions";
import { isUuid } from "@/lib/domain/uuid";

// The summary is only known client-side (the page fetches through the console API); RequestView sets it once loaded.
export const metadata: Metadata = { title: "Request" };

export default async function RequestPage({ params }: { params: Promise<{ requestId: string }> }) {
  const user = await requireUser();
  if (!can(user, "readRequests")) return <AccessDenied what="Action requests" needs="reviewers, auditors and administrators" />;
  const { requestId } = await params;
  if (!isUuid(requestId)) notFound();
  return <RequestView requestId={requestId.toLowerCase()} />;
}
