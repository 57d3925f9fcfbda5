import type { Metadata } from "next";
import { PolicyVersionsView } from "@/components/admin/policy-versions-view";

export const metadata: Metadata = { title: "Policies" };

/** The layout has already checked the `administer` capability; the API behind the view checks it again. */
export default function PoliciesPage() {
  return <PolicyVersionsView />;
}
