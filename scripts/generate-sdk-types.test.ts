import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderSdkTypes, SDK_TYPES_FILE } from "./generate-sdk-types";

describe("the agents' SDK's API types", () => {
  it("are the server's OpenAPI document as it is now (run `npm run sdk:types` after changing the API)", async () => {
    expect(readFileSync(SDK_TYPES_FILE, "utf8")).toBe(await renderSdkTypes());
  });
});
