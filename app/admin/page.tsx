import { redirect } from "next/navigation";

/** /admin opens on policies, the section administrators use most. */
export default function AdminIndexPage() {
  redirect("/admin/policies");
}
