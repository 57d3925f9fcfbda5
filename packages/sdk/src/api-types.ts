import type { operations } from "./openapi.js";

/**
 * The API's bodies, named. They come from `openapi.ts`, generated from the server's OpenAPI document
 * (`npm run sdk:types` in the repository; a test fails when the two drift apart).
 */
type Json<T> = T extends { content: { "application/json": infer B } } ? B : never;

/** What `cs.request` takes: the action-request body. `environment` defaults to production, `parameters` to {}. */
export type ActionRequestBody = NonNullable<operations["createActionRequest"]["requestBody"]>["content"]["application/json"];
/** A request as the API answers it (masked), with `grant` once approved. */
export type ActionRequestView = Json<operations["createActionRequest"]["responses"]["201"]>;
export type RequestStatus = ActionRequestView["status"];
export type ExecutionReport = NonNullable<operations["reportExecution"]["requestBody"]>["content"]["application/json"];
export type ReceiptBody = Json<operations["getReceipt"]["responses"]["200"]>;
