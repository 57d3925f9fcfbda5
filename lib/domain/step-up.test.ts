import { describe, expect, it } from "vitest";
import { LONGEST_STEP_UP_AGE_SECONDS, stepUpAuthorizationParams, stepUpMaxAgeSeconds } from "./step-up";

describe("step-up authorization parameters", () => {
  it("asks for a sign-in at most max_age old, for the expected person", () => {
    expect(stepUpAuthorizationParams(300, "grace@example.com")).toEqual({ max_age: "300", login_hint: "grace@example.com" });
  });

  it("forces the password with max_age 0, which also needs prompt=login (max_age counts whole seconds)", () => {
    expect(stepUpAuthorizationParams(0, "a@example.com")).toEqual({ max_age: "0", prompt: "login", login_hint: "a@example.com" });
  });

  it("treats anything but a positive whole number as 0, the strictest", () => {
    for (const value of [-5, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "300", null, undefined, { valueOf: () => 300 }]) {
      expect(stepUpAuthorizationParams(value, "a@example.com")).toMatchObject({ max_age: "0", prompt: "login" });
    }
  });

  it("caps max_age at a working day, the longest a console session lasts", () => {
    expect(stepUpAuthorizationParams(10 ** 9, "a@example.com")).toEqual({ max_age: String(LONGEST_STEP_UP_AGE_SECONDS), login_hint: "a@example.com" });
  });
});

describe("the max_age a step-up rule asks the IdP for", () => {
  it("leaves a minute to decide after signing in again", () => {
    expect(stepUpMaxAgeSeconds(15)).toBe(840);
  });

  it("leaves half the window when the rule's window is short", () => {
    expect(stepUpMaxAgeSeconds(1)).toBe(30);
    expect(stepUpMaxAgeSeconds(2)).toBe(60);
  });
});
