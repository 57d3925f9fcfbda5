import { describe, expect, it } from "vitest";
import { redactQueryValues } from "./redact-url";

describe("redactQueryValues", () => {
  it("keeps the path and the parameter names, never a value", () => {
    expect(redactQueryValues("/api/auth/callback/oidc?code=SplxlOBeZQQYbYS6WxSbIA&state=af0ifjsldkj")).toBe("/api/auth/callback/oidc?code=…&state=…");
    expect(redactQueryValues("https://console.example/api/v1/action-requests/1?wait=30#x")).toBe("https://console.example/api/v1/action-requests/1?wait=…");
  });

  it("leaves a target without a query alone", () => {
    expect(redactQueryValues("/api/v1/action-requests")).toBe("/api/v1/action-requests");
  });

  it("redacts valueless and repeated parameters too", () => {
    expect(redactQueryValues("/x?token&token=a&&b=")).toBe("/x?token=…&token=…&b=…");
  });
});
