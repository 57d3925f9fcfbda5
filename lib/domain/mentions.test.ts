import { describe, expect, it } from "vitest";
import { findMentions } from "./mentions";

const people = [
  { email: "alice@example.com", name: "Alice Anders" },
  { email: "bob@example.com", name: "Bob Brandt" },
  { email: "grace@example.com", name: "Grace Gupta" },
  { email: "grace@other.example", name: "Grace Hopper" },
];

describe("findMentions", () => {
  it("finds people by email, email local part, first name and whole name, once each, in order", () => {
    expect(findMentions("@bob can you check? cc @alice@example.com and @BobBrandt again", people, "erin@example.com")).toEqual(["bob@example.com", "alice@example.com"]);
    expect(findMentions("@GraceGupta please", people, "erin@example.com")).toEqual(["grace@example.com"]);
  });

  it("names nobody when a token fits two people, and never the author", () => {
    expect(findMentions("@grace what do you think?", people, "erin@example.com")).toEqual([]);
    expect(findMentions("@grace@other.example what do you think?", people, "erin@example.com")).toEqual(["grace@other.example"]);
    expect(findMentions("note to self @alice", people, "alice@example.com")).toEqual([]);
  });

  it("reads a mention at the end of a sentence, and not an email address or a stranger", () => {
    expect(findMentions("Ask @bob.", people, "erin@example.com")).toEqual(["bob@example.com"]);
    expect(findMentions("write to alice@example.com or @mallory", people, "erin@example.com")).toEqual([]);
  });
});
