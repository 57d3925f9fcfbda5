import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { withUser } from "@/lib/http/with-user";
import { openEvidenceExport } from "@/lib/services/open-evidence-export";

/** A finished background export's ZIP; the verb records the download in the log first. */
export const GET = withUser<"exportId">(async ({ service, params }) => {
  const file = await openEvidenceExport(service, params.exportId);
  return new Response(file.stream, {
    headers: {
      "content-type": "application/zip",
      "content-disposition": `attachment; filename="${file.filename}"`,
      "content-length": String(file.bytes),
      "cache-control": "no-store",
    },
  });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("GET");
