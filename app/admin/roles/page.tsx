import type { Metadata } from "next";
import { RoleHoldersView } from "@/components/admin/role-holders-view";

export const metadata: Metadata = { title: "Roles" };

export default function RolesPage() {
  return <RoleHoldersView />;
}
