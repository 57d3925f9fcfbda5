import { apiNotFound } from "@/lib/http/api-fallbacks";

// Everything under /api/ that no route serves, /api and /api/v1 themselves included.
export { apiNotFound as GET, apiNotFound as POST, apiNotFound as PUT, apiNotFound as PATCH, apiNotFound as DELETE, apiNotFound as OPTIONS };
