export { isApiError, isNotFound } from "./fetch-json";
export { auditPageHref } from "./audit-filter-params";
export { commentMutation, confirmBreakGlassMutation, decideMutation, evidencePackMutation, type EvidencePackFile } from "./mutations";
export { auditEventsQuery, chainStatusQuery, queueQuery, requestQuery } from "./queries";
export type * from "./types";
