import { describe, expect, it } from "vitest";
import { globMatcher } from "./compile";

describe("globMatcher", () => {
  it("treats dots as ordinary characters, not as any character", () => {
    const m = globMatcher(["db.*"]);
    expect([m("db.read"), m("db.read.rows"), m("dbxread"), m("db")]).toEqual([true, true, false, false]);
  });
  it("anchors every pattern of a list: `a` or `b` does not match `ab`", () => {
    const m = globMatcher(["a", "b"]);
    expect([m("a"), m("b"), m("ab"), m("xa")]).toEqual([true, true, false, false]);
  });
  it("stops `*` at `/` but not `**`, and matches dotfiles", () => {
    expect([globMatcher(["bucket/*"])("bucket/a/b"), globMatcher(["bucket/**"])("bucket/a/b"), globMatcher(["*"])(".env")]).toEqual([false, true, true]);
  });
  it("never treats a backslash as a separator, whatever the platform", () => {
    expect([globMatcher(["a/*"])("a\\b"), globMatcher(["a\\\\b"])("a/b")]).toEqual([false, false]);
  });
  it("supports braces and character classes", () => {
    expect([globMatcher(["iam.{role,user}.*"])("iam.user.create"), globMatcher(["env-[0-9]"])("env-7"), globMatcher(["iam.{role,user}.*"])("iam.group.create")]).toEqual([true, true, false]);
  });
});
