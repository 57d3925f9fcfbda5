import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "./openapi";

const limits = { requestsPerWindow: 60, windowSeconds: 60, maxPending: 100 };

function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => refsIn(item, found));
  else if (value && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      if (key === "$ref" && typeof inner === "string") found.push(inner);
      else refsIn(inner, found);
    }
  }
  return found;
}

/** RFC 6901 against the document's root, which is what a `#/…` reference means anywhere in an OpenAPI 3.1 document. */
function resolve(document: unknown, ref: string): unknown {
  return ref
    .slice(2)
    .split("/")
    .map((token) => token.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce<unknown>((node, token) => (node && typeof node === "object" ? (node as Record<string, unknown>)[token] : undefined), document);
}

describe("the OpenAPI document", () => {
  it("has no reference that generators cannot resolve: every $ref points into the document itself", () => {
    const document = buildOpenApiDocument("http://localhost:3000", limits);
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref, ref).toMatch(/^#\//);
      expect(resolve(document, ref), ref).toBeTypeOf("object");
    }
  });

  it("describes parameters and context as any JSON value, recursively", () => {
    const document = buildOpenApiDocument("http://localhost:3000", limits);
    const schema = document.paths["/api/v1/action-requests"].post.requestBody.content["application/json"].schema as { properties: Record<string, any> };
    expect(schema.properties.parameters.additionalProperties).toEqual({ $ref: "#/components/schemas/JsonValue" });
    expect(schema.properties.context.$ref).toBe("#/components/schemas/JsonValue");
    const jsonValue = document.components.schemas.JsonValue as { anyOf: Record<string, unknown>[] };
    expect(jsonValue.anyOf.map((branch) => branch.type)).toEqual(["string", "number", "boolean", "null", "array", "object"]);
  });
});
