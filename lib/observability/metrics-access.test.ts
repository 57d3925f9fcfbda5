import { describe, expect, it } from "vitest";
import { checkMetricsAccess } from "./metrics-access";

const token = "a-long-enough-metrics-token";

describe("checkMetricsAccess", () => {
  it("stays shut when no token is configured, whatever is presented", () => {
    expect(checkMetricsAccess(null, undefined)).toBe("not-configured");
    expect(checkMetricsAccess("Bearer anything", "")).toBe("not-configured");
  });

  it("asks for credentials when none are sent", () => {
    expect(checkMetricsAccess(null, token)).toBe("no-credentials");
    expect(checkMetricsAccess(`Basic ${token}`, token)).toBe("no-credentials");
  });

  it("grants only the exact token", () => {
    expect(checkMetricsAccess(`Bearer ${token}`, token)).toBe("granted");
    expect(checkMetricsAccess(`bearer ${token}`, token)).toBe("granted");
    expect(checkMetricsAccess(`Bearer ${token}x`, token)).toBe("wrong-credentials");
    expect(checkMetricsAccess(`Bearer ${token.slice(1)}`, token)).toBe("wrong-credentials");
  });
});
