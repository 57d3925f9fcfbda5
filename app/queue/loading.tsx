import { ListSkeleton } from "@/components/list-skeleton";

export default function QueueLoading() {
  return <ListSkeleton label="Loading the queue…" />;
}
