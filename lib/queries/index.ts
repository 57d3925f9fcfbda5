export { isApiError, isNotFound, isStepUpRequired } from "./fetch-json";
export { auditPageHref } from "./audit-filter-params";
export {
  commentMutation,
  createAgentMutation,
  decideMutation,
  evidencePackMutation,
  freezeMutation,
  revokeAgentMutation,
  rotateKeyMutation,
  type EvidencePackFile,
} from "./mutations";
export { agentsQuery, auditEventsQuery, chainStatusQuery, freezeQuery, queueQuery, requestQuery } from "./queries";
export type * from "./types";
