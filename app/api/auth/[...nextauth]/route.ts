import { handlers } from "@/lib/auth";
import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { authRoute } from "@/lib/http/auth-route";

export const GET = authRoute(handlers.GET);
export const POST = authRoute(handlers.POST);
export const { PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("GET", "POST");
