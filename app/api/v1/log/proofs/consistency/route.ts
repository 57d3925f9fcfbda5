import { z } from "zod";
import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { readQuery } from "@/lib/http/read-request-parts";
import { ZTreeSize } from "@/lib/http/schemas";
import { withLogReader } from "@/lib/http/with-log-reader";
import { proveConsistency } from "@/lib/services/read-log-proofs";

const ZQuery = z.object({ from: ZTreeSize, to: ZTreeSize });

export const GET = withLogReader(async ({ request, db }) => {
  const { from, to } = readQuery(request, ZQuery);
  return Response.json(await proveConsistency(db, from, to));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("GET");
