export { isApiError, isNotFound, isStepUpRequired } from "./fetch-json";
export { auditPageHref } from "./audit-filter-params";
export {
  commentMutation,
  confirmBreakGlassMutation,
  createAgentMutation,
  decideMutation,
  evidencePackMutation,
  freezeMutation,
  proposePolicyMutation,
  revokeAgentMutation,
  rotateKeyMutation,
  simulatePolicyMutation,
  type EvidencePackFile,
  addWebhookMutation,
  removeWebhookMutation,
  replayDeliveryMutation,
} from "./mutations";
export {
  agentsQuery,
  auditEventsQuery,
  chainStatusQuery,
  freezeQuery,
  policyDraftCheckQuery,
  policyVersionsQuery,
  queueQuery,
  requestQuery,
  roleHoldersQuery,
  webhookDeliveriesQuery,
  webhooksQuery,
} from "./queries";
export type * from "./types";
