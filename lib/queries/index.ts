export { ApiError, fetchJson, isApiError, isNotFound, problemFromResponse, type FieldError } from "./fetch-json";
export { auditFilterFromSearchParams, auditPageHref } from "./audit-filter-params";
export { consoleKeys } from "./keys";
export { attachmentFilename, commentMutation, decideMutation, evidencePackMutation, type EvidencePackFile } from "./mutations";
export {
  auditEventsQuery,
  auditEventsUrl,
  chainStatusQuery,
  endOfLocalDay,
  LIVE_REFETCH_MS,
  periodParams,
  queueQuery,
  requestQuery,
  startOfLocalDay,
} from "./queries";
export type * from "./types";
