import { beforeAll, describe, expect, it } from "vitest";
import { GET as health } from "../../app/api/health/route";
import { GET as openapi } from "../../app/api/v1/openapi.json/route";
import { GET as jwks } from "../../app/.well-known/jwks.json/route";
import { createDatabase } from "../../db/client";
import { checkDatabaseHealth } from "../../lib/services/check-database-health";
import { useTestDatabase } from "./test-database";

beforeAll(async () => {
  await useTestDatabase();
});

describe("public endpoints", () => {
  it("reports health when the database answers", async () => {
    const response = await health(new Request("http://localhost/api/health"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("reports a database that does not answer, for the 503", async () => {
    const unreachable = createDatabase("postgres://nobody:nothing@127.0.0.1:1/none", { max: 1 });
    try {
      expect(await checkDatabaseHealth(unreachable)).toBe(false);
      expect(await checkDatabaseHealth()).toBe(true);
    } finally {
      await unreachable.$client.end({ timeout: 1 });
    }
  });

  it("answers the 503 as problem+json, like every other /api/ error", async () => {
    const process_ = globalThis as { countersignDb?: unknown };
    const pool = process_.countersignDb;
    // The console's own pool (getDb's), pointed at a server that does not answer.
    const unreachable = createDatabase("postgres://nobody:nothing@127.0.0.1:1/none", { max: 1 });
    process_.countersignDb = unreachable;
    try {
      const response = await health(new Request("http://localhost/api/health"));
      expect(response.status).toBe(503);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(await response.json()).toMatchObject({ status: 503, detail: "The database does not answer.", requestId: expect.any(String) });
    } finally {
      process_.countersignDb = pool;
      await unreachable.$client.end({ timeout: 1 });
    }
  });

  it("publishes only the public half of the Ed25519 signing key", async () => {
    const { keys } = await (await jwks()).json();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA", use: "sig" });
    expect(keys[0].kid).toBeTruthy();
    expect(keys[0].d).toBeUndefined();
  });

  it("serves an OpenAPI 3.1 document generated from the validating schemas", async () => {
    const doc = await (await openapi()).json();
    expect(doc.openapi).toBe("3.1.0");
    const create = doc.paths["/api/v1/action-requests"].post;
    const schema = create.requestBody.content["application/json"].schema;
    expect(schema.required).toEqual(expect.arrayContaining(["action", "resource", "summary"]));
    expect(schema.properties.summary.maxLength).toBe(500);
    expect(schema.additionalProperties).toBe(false);
    for (const operation of [create, doc.paths["/api/v1/action-requests/{requestId}/execution"].post]) {
      expect(operation.requestBody.description).toMatch(/1024 KiB.*nested at most 64 levels/);
    }
    expect(create.responses["413"]).toBeDefined();
    expect(create.responses["429"].headers["Retry-After"]).toBeDefined();
    // The limits as this deployment is configured (the defaults here).
    expect(create.description).toContain("at most 60 new requests per 60 s");
    expect(create.description).toContain("at most 100 pending");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/v1/action-requests/{requestId}", "/api/v1/action-requests/{requestId}/cancel", "/api/v1/action-requests/{requestId}/execution"]),
    );
  });
});
