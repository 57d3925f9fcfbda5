import { NotFoundPanel } from "@/components/not-found-panel";

export default function RequestNotFound() {
  return <NotFoundPanel />;
}
