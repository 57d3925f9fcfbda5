import { RequestSkeleton } from "@/components/request-skeleton";

export default function RequestLoading() {
  return <RequestSkeleton />;
}
