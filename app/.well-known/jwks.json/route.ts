import { getPublicJwks } from "@/lib/services/signing-keys";

export async function GET() {
  return Response.json(await getPublicJwks(), { headers: { "cache-control": "public, max-age=300" } });
}
