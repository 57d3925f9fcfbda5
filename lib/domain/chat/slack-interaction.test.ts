import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { parseSlackInteraction } from "./slack-interaction";

const form = (payload: unknown) => new URLSearchParams({ payload: typeof payload === "string" ? payload : JSON.stringify(payload) });
const click = (actionId: string, extra: Record<string, unknown> = {}) => ({
  type: "block_actions",
  team: { id: "T0TEAM" },
  user: { id: "U0BOB", team_id: "T0HOME" },
  trigger_id: "1.2.3",
  response_url: "https://hooks.slack.com/actions/T0TEAM/1/abc",
  actions: [{ action_id: actionId, value: "0b9f8c1e-1111-4222-8333-444455556666" }],
  ...extra,
});

describe("parseSlackInteraction", () => {
  it("reads Approve and Reject clicks, the identity being the user and their own team", () => {
    expect(parseSlackInteraction(form(click("countersign.approve")))).toEqual({
      kind: "approve",
      identity: { provider: "slack", workspace: "T0HOME", externalUserId: "U0BOB" },
      requestId: "0b9f8c1e-1111-4222-8333-444455556666",
      responseUrl: "https://hooks.slack.com/actions/T0TEAM/1/abc",
      triggerId: "1.2.3",
    });
    expect(parseSlackInteraction(form(click("countersign.reject", { user: { id: "U0BOB" } })))).toMatchObject({ kind: "reject", identity: { workspace: "T0TEAM" } });
  });

  it("reads the reject modal's submission: the reason typed and what the click carried", () => {
    const submission = {
      type: "view_submission",
      team: { id: "T0TEAM" },
      user: { id: "U0BOB" },
      view: {
        callback_id: "countersign.reject-reason",
        private_metadata: JSON.stringify({ requestId: "0b9f8c1e-1111-4222-8333-444455556666", responseUrl: "https://hooks.slack.com/x" }),
        state: { values: { reason: { reason: { type: "plain_text_input", value: "Not now" } } } },
      },
    };
    expect(parseSlackInteraction(form(submission))).toMatchObject({ kind: "reject-reason", requestId: "0b9f8c1e-1111-4222-8333-444455556666", responseUrl: "https://hooks.slack.com/x", reason: "Not now" });
  });

  it("ignores what is not ours (the link button, other apps, other interaction types)", () => {
    expect(parseSlackInteraction(form(click("countersign.open")))).toEqual({ kind: "ignored" });
    expect(parseSlackInteraction(form({ type: "shortcut", callback_id: "x" }))).toEqual({ kind: "ignored" });
  });

  it("refuses a form without a payload, a payload that is not JSON, or one without a team", () => {
    expect(() => parseSlackInteraction(new URLSearchParams())).toThrow(ZodError);
    expect(() => parseSlackInteraction(form("{nope"))).toThrow(ZodError);
    expect(() => parseSlackInteraction(form(click("countersign.approve", { team: null, user: { id: "U0BOB" } })))).toThrow(ZodError);
  });
});
