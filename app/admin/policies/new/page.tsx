import type { Metadata } from "next";
import { PolicyEditor } from "@/components/admin/policy-editor";

export const metadata: Metadata = { title: "Propose a policy change" };

export default function NewPolicyPage() {
  return <PolicyEditor />;
}
