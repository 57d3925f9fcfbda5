import { newServiceContext } from "../../lib/services/service-context";
import { createElement, Fragment } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { strFromU8, unzipSync } from "fflate";
import { AuditEventRow } from "../../components/audit-event-row";
import { ChangeView } from "../../components/change-view";
import { JsonView } from "../../components/json-view";
import type { Database } from "../../db/client";
import { buildChangeModel } from "../../lib/domain/diff/change-model";
import { prettyJson } from "../../lib/domain/diff/pretty-json";
import { verifyEvidencePack } from "../../lib/domain/evidence-pack/verify-pack";
import { jsonValueDepth, MAX_JSON_DEPTH } from "../../lib/domain/json-depth";
import { ServiceError } from "../../lib/services/errors";
import { getRequestDetail } from "../../lib/services/get-request-detail";
import { listAuditEvents } from "../../lib/services/list-audit-events";
import { sealEvents } from "../../lib/services/seal-events";
import { submitActionRequest } from "../../lib/services/submit-action-request";
import { verifyEventChain } from "../../lib/services/verify-event-chain";
import { postActionRequest } from "./api-client";
import { alice, carol, sampleRequest, seedAgent, type SeededAgent, exportPackBytes } from "./fixtures";
import { sealerDatabase, useTestDatabase } from "./test-database";

let db: Database;
let agent: SeededAgent;

beforeAll(async () => {
  db = await useTestDatabase();
  agent = await seedAgent(db);
});

const SECRET = "AKIAQYLPMN5HFIQR7XYZ";
/** `depth` levels of objects and arrays, alternating, with a secret under a secret-named key at the bottom. */
function nested(depth: number): unknown {
  let value: unknown = { password: "hunter2hunter2", note: `key ${SECRET}` };
  for (let level = 2; level <= depth; level++) value = level % 2 ? { level: value } : [value];
  return value;
}
/** A whole body nested `depth` levels as text, the way a hostile client builds it (no JSON.stringify, which recurses). */
const deepBody = (depth: number) => `{"action":"a","resource":"r","summary":"s","parameters":{"p":${"[".repeat(depth - 2)}1${"]".repeat(depth - 2)}}}`;

describe("JSON nesting depth", () => {
  it.each([1_600, 100_000])("a body nested %i levels deep is a 400 naming the limit, not a 500", async (depth) => {
    const response = await postActionRequest(deepBody(depth), { key: agent.apiKey });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const body = await response.json();
    expect(body).toMatchObject({ status: 400, type: "urn:countersign:problem:validation", requestId: expect.any(String) });
    expect(body.detail).toContain(`${MAX_JSON_DEPTH} levels`);
  });

  it("the door admits exactly the limit and refuses one level more", async () => {
    expect((await postActionRequest(deepBody(MAX_JSON_DEPTH), { key: agent.apiKey })).status).toBe(201);
    expect((await postActionRequest(deepBody(MAX_JSON_DEPTH + 1), { key: agent.apiKey })).status).toBe(400);
  });

  it("the verb refuses deeper values itself, whatever path they came through, naming each field", async () => {
    const deep = { ...sampleRequest, parameters: { p: nested(5_000) }, context: nested(MAX_JSON_DEPTH + 1) };
    const refusal = await submitActionRequest(newServiceContext(db, agent.actor), deep, "too-deep").catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ServiceError);
    expect((refusal as ServiceError).code).toBe("VALIDATION");
    expect((refusal as ServiceError).fields?.map((f) => f.path)).toEqual(["parameters", "context"]);
    expect((refusal as ServiceError).fields?.[0]?.message).toContain(`${MAX_JSON_DEPTH} levels`);
  });

  it("a request at the limit goes through every walk: masking, digest, storing, the page's views, sealing, the pack", async () => {
    const parameters = { p: nested(MAX_JSON_DEPTH - 1) };
    const context = nested(MAX_JSON_DEPTH);
    expect(jsonValueDepth(parameters)).toBe(MAX_JSON_DEPTH);
    const deepJsonText = JSON.stringify(nested(MAX_JSON_DEPTH));
    const change = { format: "json", before: "{}", after: deepJsonText };
    const { view } = await submitActionRequest(newServiceContext(db, agent.actor), { ...sampleRequest, parameters, context, change }, "at-the-limit");
    expect(view.status).toBe("pending");

    const detail = await getRequestDetail(db, alice, view.id);
    const shown = JSON.stringify(detail);
    expect(shown).not.toContain(SECRET);
    expect(shown).not.toContain("hunter2hunter2");
    expect(jsonValueDepth(detail.context)).toBe(MAX_JSON_DEPTH);
    expect(prettyJson(detail.parameters)).toContain('"level"');
    expect(buildChangeModel(detail.change)).toMatchObject({ kind: "diff", format: "json" });

    // What the request page and the audit log render from it, server-side as Next.js does.
    const page = renderToStaticMarkup(
      createElement(Fragment, null, createElement(JsonView, { value: detail.parameters, label: "Parameters" }), createElement(JsonView, { value: detail.context, label: "Context" }), createElement(ChangeView, { change: detail.change })),
    );
    expect(page).toContain("&quot;level&quot;");
    expect(page).not.toContain(SECRET);
    const { events } = await listAuditEvents(db, carol);
    const created = events.find((event) => event.type === "request.created" && JSON.stringify(event.data).includes("level"))!;
    expect(renderToStaticMarkup(createElement("table", null, createElement("tbody", null, createElement(AuditEventRow, { event: created }))))).toContain("request.created");

    while ((await sealEvents(sealerDatabase())) > 0);
    expect((await verifyEventChain(db, carol)).ok).toBe(true);
    const pack = await exportPackBytes(db, carol);
    expect(strFromU8(unzipSync(pack)["events.ndjson"]!)).not.toContain(SECRET);
    expect((await verifyEvidencePack(pack)).ok).toBe(true);
  });
});
