import { DeniedError, ProblemError, VerificationError } from "@countersign/sdk";
import { describe, expect, it } from "vitest";
import { toolFailure } from "../src/tool-failure.js";

const apiKey = "cs_live_0123456789abcdefghijklmnopqrstuv";
const textOf = (error: unknown) => {
  const result = toolFailure(error, apiKey);
  expect(result.isError).toBe(true);
  return result.content.map((part) => (part.type === "text" ? part.text : "")).join("");
};

describe("toolFailure: what an agent reads when a tool call fails", () => {
  it("passes the API's problem on, field errors included", () => {
    const problem = { type: "about:blank", title: "Unprocessable Content", status: 422, detail: "The body does not match the schema", errors: [{ path: "summary", message: "Required" }] };
    expect(textOf(new ProblemError(problem))).toBe("Countersign refused the call: 422 Unprocessable Content: The body does not match the schema (summary: Required)");
  });

  it("says a refused grant must not be run, and passes the SDK's own errors on", () => {
    expect(textOf(new VerificationError("the grant for request r1 does not verify: signature verification failed"))).toBe(
      "Grant refused, do not run the action: the grant for request r1 does not verify: signature verification failed",
    );
    expect(textOf(new DeniedError("r1", "rejected", "Not during the freeze"))).toBe("request r1 was rejected: Not during the freeze");
  });

  it("names any other failure by its kind only: its message may hold anything, and no stack trace goes out", () => {
    const text = textOf(new RangeError(`connect to https://agent:${apiKey}@proxy failed\n    at Socket.connect (node:net:1:1)`));
    expect(text).toBe("Countersign call failed (RangeError)");
    expect(textOf(new TypeError("fetch failed"))).toMatch(/^Countersign could not be reached/);
    expect(textOf("a thrown string")).toBe("Countersign call failed (unknown error)");
  });

  it("cuts the API key out of whatever the server's problem says", () => {
    const text = textOf(new ProblemError({ type: "about:blank", title: "Unauthorized", status: 401, detail: `unknown key ${apiKey}` }));
    expect(text).toBe("Countersign refused the call: 401 Unauthorized: unknown key [redacted]");
  });
});
