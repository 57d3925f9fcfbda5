import { apiNotFound } from "@/lib/http/api-fallbacks";

export { apiNotFound as GET, apiNotFound as POST, apiNotFound as PUT, apiNotFound as PATCH, apiNotFound as DELETE };
