import { z } from "zod";
import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { readQuery } from "@/lib/http/read-request-parts";
import { ZLeafHash, ZTreeSize } from "@/lib/http/schemas";
import { withLogReader } from "@/lib/http/with-log-reader";
import { proveInclusion } from "@/lib/services/read-log-proofs";

const ZQuery = z.object({ leaf: ZLeafHash, size: ZTreeSize });

export const GET = withLogReader(async ({ request, db }) => {
  const { leaf, size } = readQuery(request, ZQuery);
  return Response.json(await proveInclusion(db, leaf, size));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("GET");
