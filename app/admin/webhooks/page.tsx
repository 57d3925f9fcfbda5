import type { Metadata } from "next";
import { WebhooksView } from "@/components/admin/webhooks-view";

export const metadata: Metadata = { title: "Webhooks" };

/** The layout admits administrators only; every verb behind the page checks again. */
export default function AdminWebhooksPage() {
  return <WebhooksView />;
}
