import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET } from "../../app/api/auth/[...nextauth]/route";
import { TEST_APP_URL, useTestDatabase } from "./test-database";

beforeAll(async () => {
  await useTestDatabase();
  // Auth.js reads these per request; nothing here contacts the issuer.
  Object.assign(process.env, { AUTH_URL: TEST_APP_URL, AUTH_SECRET: "integration-auth-secret-0123456789abcdef", OIDC_ISSUER: "http://localhost:3998", OIDC_CLIENT_ID: "countersign", OIDC_CLIENT_SECRET: "secret" });
});

const landing = (response: Response) => new URL(response.headers.get("location")!, TEST_APP_URL);
const signIn = (callbackUrl: string) => GET(new NextRequest(`${TEST_APP_URL}/api/auth/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`));

describe("sign-in callbackUrl", () => {
  it.each(["http://localhost:3999.evil.example/x", "https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"])(
    "a foreign or look-alike %s is dropped: the person lands on the console, with no 'configuration problem'",
    async (foreign) => {
      const response = await signIn(foreign);
      expect(response.status).toBe(302);
      const location = landing(response);
      expect(location.origin).toBe(TEST_APP_URL);
      expect(location.searchParams.get("error")).toBeNull();
      expect(response.headers.get("location")).not.toContain("evil.example");
    },
  );

  it("keeps a callbackUrl on the console", async () => {
    const response = await signIn("/queue");
    expect(landing(response).searchParams.get("callbackUrl")).toBe(`${TEST_APP_URL}/queue`);
  });

  it("answers HEAD as GET, which Auth.js alone would refuse as an unknown action", async () => {
    const response = await GET(new NextRequest(`${TEST_APP_URL}/api/auth/providers`, { method: "HEAD" }));
    expect(response.status).toBe(200);
  });

  it("answers an action Auth.js does not know with problem+json, not a bare JSON string", async () => {
    const response = await GET(new NextRequest(`${TEST_APP_URL}/api/auth/nothing`));
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
  });
});
