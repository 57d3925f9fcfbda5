import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { MaskedValuesSummary } from "../../components/masked-values-summary";
import type { Database } from "../../db/client";
import { events } from "../../db/schema";
import { MASKING_ENGINE_VERSION } from "../../lib/domain/masking";
import { getActionRequest } from "../../lib/services/get-action-request";
import { getRequestDetail } from "../../lib/services/get-request-detail";
import { newServiceContext } from "../../lib/services/service-context";
import { submitActionRequest } from "../../lib/services/submit-action-request";
import { alice, sampleRequest, seedAgent, type SeededAgent } from "./fixtures";
import { useTestDatabase } from "./test-database";

let db: Database;
let agent: SeededAgent;

beforeAll(async () => {
  db = await useTestDatabase();
  agent = await seedAgent(db);
});

const EXPORT = "id,date_of_birth,ssn,plan\n1,1979-05-30,078-05-1120,pro\n2,30.05.1979,078051120,free\n";

describe("why values were masked", () => {
  it("request.created records the reasons with the engine version, the request page shows them, the agent API keeps counts only", async () => {
    const request = { ...sampleRequest, parameters: { query: "select * from customers", customer: { dob: "1990-01-12", signup_ip: "81.2.69.142" } }, context: { export: EXPORT } };
    const { view } = await submitActionRequest(newServiceContext(db, agent.actor), request, "masking-reasons");

    const [created] = await db.select().from(events).where(and(eq(events.streamId, view.id), eq(events.type, "request.created")));
    const masking = (created!.data as { masking: unknown }).masking;
    expect(masking).toMatchObject({
      engineVersion: MASKING_ENGINE_VERSION,
      reasons: { date_of_birth: { "field `dob`": 1, "column `date_of_birth`": 2 }, us_ssn: { "column `ssn`": 2 }, ip_address: { "field `signup_ip`": 1 } },
    });
    expect(JSON.stringify(created!.data)).not.toMatch(/1979-05-30|30\.05\.1979|078051120|1990-01-12|81\.2\.69\.142/);

    const detail = await getRequestDetail(db, alice, view.id);
    expect(detail.maskingReasons).toEqual((masking as { reasons: unknown }).reasons);
    const page = renderToStaticMarkup(createElement(MaskedValuesSummary, { masking: detail.masking, reasons: detail.maskingReasons }));
    expect(page).toContain("Date of birth");
    expect(page.replace(/<[^>]+>/g, "")).toContain("column date_of_birth ×2, field dob");

    // The contract's `masking` is counts by kind: no reasons there.
    const agentView = await getActionRequest(db, agent.actor, view.id);
    expect(agentView.masking).toEqual(detail.masking);
    expect(Object.values(agentView.masking).every((n) => typeof n === "number")).toBe(true);
  });
});
