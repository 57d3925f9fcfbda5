import type { Metadata } from "next";
import { FreezeView } from "@/components/admin/freeze-view";

export const metadata: Metadata = { title: "Freeze" };

/** The layout admits administrators only; the freeze verbs check again. */
export default function AdminFreezePage() {
  return <FreezeView />;
}
