import { z } from "zod";
import { withUser } from "@/lib/http/with-user";
import { exportEvidencePack } from "@/lib/services/export-evidence-pack";

const DAY = 24 * 3600 * 1000;
const ZPeriod = z.object({
  from: z.coerce.date().default(() => new Date(Date.now() - 30 * DAY)),
  to: z.coerce.date().default(() => new Date(Date.now() + 60_000)),
});

export const GET = withUser(async ({ request, user, db }) => {
  const params = Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== ""));
  const pack = await exportEvidencePack(db, user, ZPeriod.parse(params));
  return new Response(Buffer.from(pack.bytes), {
    headers: {
      "content-type": "application/zip",
      "content-disposition": `attachment; filename="${pack.filename}"`,
      "cache-control": "no-store",
    },
  });
});
