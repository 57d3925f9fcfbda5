import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { addComment } from "../../lib/services/add-comment";
import { approveActionRequest } from "../../lib/services/approve-action-request";
import { ServiceError } from "../../lib/services/errors";
import { reportExecution } from "../../lib/services/report-execution";
import { newServiceContext } from "../../lib/services/service-context";
import { submitActionRequest } from "../../lib/services/submit-action-request";
import { alice, sampleRequest, seedAgent, submitSample, type SeededAgent } from "./fixtures";
import { useTestDatabase } from "./test-database";

/**
 * What PostgreSQL cannot store (NUL, a lone surrogate) is refused by the verb itself, as a VALIDATION
 * naming the field, whichever path brought it: the CLI, a chat integration or a test call no route.
 */
let db: Database;
let agent: SeededAgent;

beforeAll(async () => {
  db = await useTestDatabase();
  agent = await seedAgent(db);
});

const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as ServiceError);

describe("verbs refuse what the database cannot store", () => {
  it.each([
    ["a comment with NUL", () => submitSample(db, agent).then((v) => addComment(newServiceContext(db, alice), v.id, "before\u0000after")), "body"],
    ["a reason with a lone surrogate", () => submitSample(db, agent).then((v) => approveActionRequest(newServiceContext(db, alice), v.id, "ok \uD800")), "reason"],
    ["parameters with NUL", () => submitActionRequest(newServiceContext(db, agent.actor), { ...sampleRequest, parameters: { sql: "x\u0000" } }, randomUUID()), "parameters.sql"],
    ["an execution detail with NUL", () => reportExecution(newServiceContext(db, agent.actor), randomUUID(), { outcome: "succeeded", detail: "\u0000", grant: "x" }), "detail"],
  ])("%s", async (_name, call, path) => {
    const error = await refusal(call());
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({ code: "VALIDATION", fields: [expect.objectContaining({ path })] });
  });
});
