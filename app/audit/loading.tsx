import { ListSkeleton } from "@/components/list-skeleton";

export default function AuditLoading() {
  return <ListSkeleton rows={6} label="Loading the audit log…" />;
}
