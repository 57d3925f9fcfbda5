export { isApiError, isNotFound, isStepUpRequired } from "./fetch-json";
export { auditPageHref } from "./audit-filter-params";
export {
  bulkRejectMutation,
  commentMutation,
  confirmBreakGlassMutation,
  createAgentMutation,
  decideMutation,
  evidencePackMutation,
  freezeMutation,
  markNotificationsReadMutation,
  proposePolicyMutation,
  recordViewMutation,
  resolveCommentMutation,
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
  auditOverviewQuery,
  chainStatusQuery,
  freezeQuery,
  notificationsQuery,
  policyDraftCheckQuery,
  policyVersionsQuery,
  queueCountsQuery,
  queueQuery,
  requestQuery,
  roleHoldersQuery,
  webhookDeliveriesQuery,
  webhooksQuery,
} from "./queries";
export type * from "./types";
