import { describe, expect, it } from "vitest";
import type { ChatRequestView } from "../chat/chat-request-view";
import { MAX_REFRESH_USER_IDS, refreshUserIdsOf, requestCard, TEAMS_VERBS, viewerFor, type AdaptiveCard, type AdaptiveElement } from "./request-card";

const view: ChatRequestView = {
  id: "7d4c1a52-0c1e-4a39-9c3e-5b8d2f0e6a11",
  summary: "Export [customers](https://evil.example) **now**",
  action: "db.export",
  resource: "postgres://prod-db/customers",
  environment: "production",
  agentName: "billing-agent",
  highlights: ["password: [password:3f9a1c]"],
  masked: ["1 × password"],
  diffSize: "+12 −3 lines",
  policy: "Default",
  approvalsNeeded: 1,
  status: "pending",
  decisions: ["alice@example.com approved"],
  open: true,
  url: "https://countersign.example/requests/7d4c1a52-0c1e-4a39-9c3e-5b8d2f0e6a11",
};

/** Every element of the card, the ShowCard's nested card included, depth first. */
function elements(card: AdaptiveCard | AdaptiveElement): AdaptiveElement[] {
  const node = card as Record<string, unknown>;
  const children = ["body", "actions", "inlines"].flatMap((key) => (node[key] as AdaptiveElement[] | undefined) ?? []);
  const nested = node.card as AdaptiveElement | undefined;
  return children.flatMap((child) => [child, ...elements(child)]).concat(nested ? elements(nested) : []);
}

const executes = (card: AdaptiveCard) => elements(card).filter((element) => element.type === "Action.Execute");

describe("requestCard", () => {
  it("gives a reviewer who may decide Approve and a Reject that asks for a reason, each an Action.Execute naming the request", () => {
    const card = requestCard(view, { viewer: { kind: "decide" }, refreshUserIds: ["29:bob"] });
    expect(card).toMatchObject({ type: "AdaptiveCard", version: "1.5" });
    expect(executes(card).map((action) => [action.verb, action.data])).toEqual([
      [TEAMS_VERBS.approve, { requestId: view.id }],
      [TEAMS_VERBS.reject, { requestId: view.id }],
    ]);
    const reason = elements(card).find((element) => element.type === "Input.Text");
    expect(reason).toMatchObject({ id: "reason", isRequired: true });
  });

  it("shows everyone else a status card without decision buttons, but still the console link", () => {
    const card = requestCard(view, { viewer: { kind: "status", notice: "You cannot approve your own agent's request." }, refreshUserIds: ["29:bob"] });
    expect(executes(card).filter((action) => action.verb !== TEAMS_VERBS.refresh)).toEqual([]);
    expect(card.actions).toEqual([{ type: "Action.OpenUrl", title: "Open in Countersign", url: view.url }]);
    expect(JSON.stringify(card.body)).toContain("You cannot approve your own agent's request.");
  });

  it("asks the listed users' clients to refresh while open, and stops once settled", () => {
    const pending = requestCard(view, { viewer: { kind: "status" }, refreshUserIds: ["29:bob", "29:alice", "29:bob"] });
    expect(pending.refresh).toEqual({ action: { type: "Action.Execute", title: "Refresh", verb: TEAMS_VERBS.refresh, data: { requestId: view.id } }, userIds: ["29:bob", "29:alice"] });
    const many = requestCard(view, { viewer: { kind: "status" }, refreshUserIds: Array.from({ length: 80 }, (_, i) => `29:user-${i}`) });
    expect(many.refresh?.userIds).toHaveLength(MAX_REFRESH_USER_IDS);
    // Nobody listed: still refreshable by hand, which is how an unlinked user is asked to sign in.
    expect(requestCard(view, { viewer: { kind: "status" }, refreshUserIds: [] }).refresh?.userIds).toEqual([]);

    const approved = requestCard(
      { ...view, status: "approved", open: false, approvalsNeeded: 0, decisions: ["alice@example.com approved", "bob@example.com approved"] },
      { viewer: { kind: "decide" }, refreshUserIds: ["29:bob"] },
    );
    expect(approved.refresh).toBeUndefined();
    expect(executes(approved)).toEqual([]);
    expect(JSON.stringify(approved.body)).toContain("• bob@example.com approved");
    expect(JSON.stringify(approved.body)).not.toContain("Approvals needed");
    expect(approved.body[0]).toMatchObject({ text: "Approved", color: "Good" });

    // Pending in the row but past its expiry: no buttons, no refresh, and it says so.
    const lapsed = requestCard({ ...view, open: false }, { viewer: { kind: "decide" }, refreshUserIds: ["29:bob"] });
    expect([lapsed.refresh, executes(lapsed)]).toEqual([undefined, []]);
    expect(lapsed.body[0]).toMatchObject({ text: "Expired without a decision" });
  });

  it("sends a reviewer whose decision needs a fresh sign-in to the single-use link instead of deciding in Teams", () => {
    const card = requestCard(view, { viewer: { kind: "step-up", link: "https://countersign.example/chat/step-up?token=abc", notice: "This request needs a recent sign-in." }, refreshUserIds: [] });
    expect(executes(card)).toEqual([]);
    expect(card.actions?.[0]).toMatchObject({ type: "Action.OpenUrl", url: "https://countersign.example/chat/step-up?token=abc" });
  });

  it("puts what the agent wrote in TextRuns, which Teams never reads as Markdown", () => {
    const card = requestCard(view, { viewer: { kind: "decide" }, refreshUserIds: [] });
    const agentText = [view.summary, view.resource, view.highlights[0]!.replace(/^/, "• ")];
    for (const text of agentText) {
      const holders = elements(card).filter((element) => element.text === text);
      expect(holders.length, text).toBeGreaterThan(0);
      for (const holder of holders) expect(holder.type).toBe("TextRun");
    }
    expect(JSON.stringify(card.body)).toContain('"text":"Approvals needed: ","weight":"Bolder"},{"type":"TextRun","text":"1"}');
    expect(JSON.stringify(card.body)).toContain('"text":"1 × password"');
  });
});

describe("viewerFor and refreshUserIdsOf", () => {
  it("give buttons to whom canDecide allows or asks only for a recent sign-in, and the refusal's reason to everyone else", () => {
    const allowed = { ok: true } as const;
    const stepUp = { ok: false, code: "STEP_UP_REQUIRED", reason: "Sign in again." } as const;
    const owner = { ok: false, code: "SEPARATION_OF_DUTIES", reason: "You cannot approve your own agent's request." } as const;
    expect(viewerFor(allowed)).toEqual({ kind: "decide", notice: undefined });
    expect(viewerFor(stepUp).kind).toBe("decide");
    expect(viewerFor(owner)).toEqual({ kind: "status", notice: "You cannot approve your own agent's request." });
    expect(
      refreshUserIdsOf([
        { teamsUserId: "29:bob", verdict: allowed },
        { teamsUserId: "29:grace", verdict: stepUp },
        { teamsUserId: "29:erin", verdict: owner },
        { teamsUserId: null, verdict: allowed },
      ]),
    ).toEqual(["29:bob", "29:grace"]);
  });
});
