export { Countersign, type CountersignOptions, type GuardOptions, type ToolSpec } from "./client.js";
export { Ticket, type Decision, type WaitOptions, type ReceiptOptions } from "./ticket.js";
export { CountersignError, DeniedError, ExpiredError, ProblemError, VerificationError, WaitTimeoutError, type Problem } from "./errors.js";
export { payloadDigest, canonicalJson, type BoundPayload } from "./payload-digest.js";
export type { GrantClaims } from "./grant-verifier.js";
export type { CheckpointKey, Receipt, VerifiedReceipt } from "./receipt.js";
export type { RetryOptions } from "./transport.js";
export type { ActionRequestBody, ActionRequestView, ExecutionReport, ReceiptBody, RequestStatus } from "./api-types.js";
export type { paths, operations } from "./openapi.js";
