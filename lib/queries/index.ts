export { isApiError, isNotFound } from "./fetch-json";
export { auditPageHref } from "./audit-filter-params";
export {
  commentMutation,
  confirmBreakGlassMutation,
  decideMutation,
  evidencePackMutation,
  proposePolicyMutation,
  simulatePolicyMutation,
  type EvidencePackFile,
} from "./mutations";
export { auditEventsQuery, chainStatusQuery, policyDraftCheckQuery, policyVersionsQuery, queueQuery, requestQuery, roleHoldersQuery } from "./queries";
export type * from "./types";
