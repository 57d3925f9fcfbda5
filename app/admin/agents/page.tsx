import type { Metadata } from "next";
import { AgentsView } from "@/components/admin/agents-view";

export const metadata: Metadata = { title: "Agents" };

/** The layout admits administrators only; every verb behind the page checks again. */
export default function AdminAgentsPage() {
  return <AgentsView />;
}
