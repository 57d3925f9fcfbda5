import { describe, expect, it } from "vitest";
import { RequestStateSigner, StateRefusedError } from "../src/request-state.js";

const key = Buffer.alloc(32, 7);
const binding = { principal: "key:0f3a", tool: "write_file", digest: "sha256:aa" };
const requestId = "6f1c1d2e-0000-4000-8000-000000000001";
const later = (now: number) => new Date(now + 60_000);

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(StateRefusedError);
    return (error as Error).message;
  }
  throw new Error("not refused");
};

describe("RequestStateSigner: the gateway's single-use request state", () => {
  it("resumes the request it was issued for, once", () => {
    const state = new RequestStateSigner(key);
    const token = state.issue(requestId, binding, later(Date.now()));
    expect(state.redeem(token, binding)).toBe(requestId);
    expect(refusal(() => state.redeem(token, binding))).toMatch(/already used/);
  });

  it("refuses other arguments, another tool and another principal, without spending the token", () => {
    const state = new RequestStateSigner(key);
    const token = state.issue(requestId, binding, later(Date.now()));
    expect(refusal(() => state.redeem(token, { ...binding, digest: "sha256:bb" }))).toMatch(/arguments differ/);
    expect(refusal(() => state.redeem(token, { ...binding, tool: "delete_file" }))).toMatch(/another tool/);
    expect(refusal(() => state.redeem(token, { ...binding, principal: "key:9999" }))).toMatch(/another principal/);
    expect(state.redeem(token, binding)).toBe(requestId);
  });

  it("refuses a forged token: edited claims, another key's signature, garbage", () => {
    const state = new RequestStateSigner(key);
    const token = state.issue(requestId, binding, later(Date.now()));
    const [encoded, signature] = token.split(".") as [string, string];
    const claims = JSON.parse(Buffer.from(encoded, "base64url").toString()) as Record<string, unknown>;
    const edited = Buffer.from(JSON.stringify({ ...claims, requestId: "6f1c1d2e-0000-4000-8000-000000000002" })).toString("base64url");
    expect(refusal(() => state.redeem(`${edited}.${signature}`, binding))).toMatch(/not issued by this gateway/);
    const otherKey = new RequestStateSigner(Buffer.alloc(32, 8)).issue(requestId, binding, later(Date.now()));
    expect(refusal(() => state.redeem(otherKey, binding))).toMatch(/not issued by this gateway/);
    expect(refusal(() => state.redeem("not-a-token", binding))).toMatch(/malformed/);
    expect(refusal(() => state.redeem(`${encoded}.${signature}.x`, binding))).toMatch(/malformed/);
  });

  it("refuses an expired token", () => {
    let now = 1_000_000;
    const state = new RequestStateSigner(key, () => now);
    const token = state.issue(requestId, binding, later(now));
    now += 60_000;
    expect(refusal(() => state.redeem(token, binding))).toMatch(/expired/);
  });

  it("is keyed: a short key is refused, and two gateways sharing a key accept each other's tokens", () => {
    expect(() => new RequestStateSigner(Buffer.alloc(16))).toThrow(/32 bytes/);
    const token = new RequestStateSigner(key).issue(requestId, binding, later(Date.now()));
    expect(new RequestStateSigner(Buffer.from(key)).redeem(token, binding)).toBe(requestId);
  });
});
