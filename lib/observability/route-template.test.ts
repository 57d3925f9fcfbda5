import { describe, expect, it } from "vitest";
import { routeTemplate, UNMATCHED } from "./route-template";

describe("routeTemplate", () => {
  it("replaces each dynamic segment by its name", () => {
    expect(routeTemplate("/api/v1/action-requests/0b5c-11", { requestId: "0b5c-11" })).toBe("/api/v1/action-requests/{requestId}");
    expect(routeTemplate("/api/v1/action-requests/0b5c-11/cancel", { requestId: "0b5c-11" })).toBe("/api/v1/action-requests/{requestId}/cancel");
  });

  it("keeps static paths as they are", () => {
    expect(routeTemplate("/api/v1/action-requests", {})).toBe("/api/v1/action-requests");
  });

  it("compares the decoded segment with the decoded param", () => {
    expect(routeTemplate("/api/console/requests/a%20b/comments", { requestId: "a b" })).toBe("/api/console/requests/{requestId}/comments");
  });

  it("does not let a value equal to a static segment replace that segment", () => {
    expect(routeTemplate("/api/v1/action-requests/action-requests/cancel", { requestId: "action-requests" })).toBe(
      "/api/v1/action-requests/{requestId}/cancel",
    );
  });

  it("never copies a segment it could not account for into the label", () => {
    expect(routeTemplate("/api/v1/action-requests/%ff", { requestId: "\ufffd" })).toBe(UNMATCHED);
    expect(routeTemplate("/api/v1/action-requests/a+b", { requestId: "a b" })).toBe(UNMATCHED);
  });
});
