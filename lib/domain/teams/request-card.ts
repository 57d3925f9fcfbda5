import type { ChatRequestView } from "@/lib/domain/chat/chat-request-view";
import type { DecisionVerdict } from "@/lib/domain/separation-of-duties";

/**
 * Adaptive Cards (schema 1.5, Universal Actions) for one action request in Microsoft Teams. Pure: the
 * bot decides who sees what; this only draws it.
 *
 * Everything an agent wrote (summary, resource, highlights) goes into TextRuns, which Teams never
 * reads as Markdown, so a summary cannot smuggle a link or formatting into the card.
 */

export const TEAMS_VERBS = { approve: "countersign.approve", reject: "countersign.reject", refresh: "countersign.refresh" } as const;
export type TeamsVerb = (typeof TEAMS_VERBS)[keyof typeof TEAMS_VERBS];

/** Teams refreshes a card automatically for at most 60 listed users. */
export const MAX_REFRESH_USER_IDS = 60;

export const ADAPTIVE_CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";

export type AdaptiveElement = Record<string, unknown> & { type: string };
export type AdaptiveCard = {
  type: "AdaptiveCard";
  $schema: string;
  version: string;
  body: AdaptiveElement[];
  actions?: AdaptiveElement[];
  refresh?: { action: AdaptiveElement; userIds: string[] };
  msteams?: { width: "Full" };
};

/** How the card is drawn for whoever sees it. */
export type CardViewer =
  /** Everyone who may not (or not yet) decide, and the shared message itself. */
  | { kind: "status"; notice?: string }
  /** A reviewer canDecide allows now: Approve and Reject. */
  | { kind: "decide"; notice?: string }
  /** A reviewer who may decide only in the console (step-up): its single-use link. */
  | { kind: "step-up"; link: string; notice: string };

export type RequestCardOptions = {
  viewer: CardViewer;
  /**
   * Teams user ids (MRIs, `29:…`) whose clients fetch a card of their own automatically while the
   * request is open: the linked reviewers canDecide allows. At most MAX_REFRESH_USER_IDS are kept.
   */
  refreshUserIds: readonly string[];
};

/**
 * How a linked person's own card is drawn from what canDecide says of them: buttons when it allows
 * them, or when only a recent sign-in stands in the way (the click then sends them to the console
 * with a single-use link); otherwise the status card and the reason, in canDecide's words.
 */
export function viewerFor(verdict: DecisionVerdict, notice?: string): CardViewer {
  if (verdict.ok) return { kind: "decide", notice };
  if (verdict.code === "STEP_UP_REQUIRED") return { kind: "decide", notice: notice ?? "This request needs a recent sign-in: Approve or Reject opens Countersign with a single-use link." };
  return { kind: "status", notice: notice ?? verdict.reason };
}

/** The Teams users whose clients fetch a card of their own: the linked people viewerFor gives buttons, whose Teams id the bot has seen. */
export function refreshUserIdsOf(members: readonly { teamsUserId: string | null; verdict: DecisionVerdict }[]): string[] {
  return members.flatMap(({ teamsUserId, verdict }) => (teamsUserId && viewerFor(verdict).kind === "decide" ? [teamsUserId] : []));
}

const STATUS_TITLES: Record<ChatRequestView["status"], string> = {
  pending: "Approval requested",
  approved: "Approved",
  rejected: "Rejected",
  expired: "Expired without a decision",
  cancelled: "Cancelled by the agent",
  executed: "Approved and executed",
  failed: "Approved; execution failed",
};

export function requestCard(view: ChatRequestView, { viewer, refreshUserIds }: RequestCardOptions): AdaptiveCard {
  // Buttons and refreshes only while the request takes decisions (pending and not lapsed).
  const open = view.open;
  const userIds = open ? [...new Set(refreshUserIds)].slice(0, MAX_REFRESH_USER_IDS) : [];
  return {
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: "1.5",
    msteams: { width: "Full" },
    body: [
      // A pending request past its expiry has lapsed, before the sweep records it as expired.
      { type: "TextBlock", text: STATUS_TITLES[view.status === "pending" && !open ? "expired" : view.status], weight: "Bolder", size: "Medium", color: titleColor(view.status), wrap: true },
      plain(view.summary, { weight: "Bolder" }),
      ...facts(view),
      ...(view.highlights.length ? [{ type: "TextBlock", text: "Highlights", weight: "Bolder", spacing: "Medium" }, ...view.highlights.map((line) => plain(`• ${line}`))] : []),
      ...(view.decisions.length ? [{ type: "TextBlock", text: "Decisions", weight: "Bolder", spacing: "Medium" }, ...view.decisions.map((line) => plain(`• ${line}`))] : []),
      ...(viewer.notice ? [{ type: "TextBlock", text: viewer.notice, wrap: true, isSubtle: true, spacing: "Medium" }] : []),
    ],
    actions: [...(open ? viewerActions(view, viewer) : []), { type: "Action.OpenUrl", title: "Open in Countersign", url: view.url }],
    // While open, always: users not listed refresh it by hand (Teams' "Refresh card"), an unlinked one's way to sign in.
    ...(open && { refresh: { action: executeAction("Refresh", TEAMS_VERBS.refresh, view.id), userIds } }),
  };
}

function viewerActions(view: ChatRequestView, viewer: CardViewer): AdaptiveElement[] {
  switch (viewer.kind) {
    case "status":
      return [];
    case "step-up":
      return [{ type: "Action.OpenUrl", title: "Decide in Countersign (sign in again)", url: viewer.link, style: "positive" }];
    case "decide":
      return [
        { ...executeAction("Approve", TEAMS_VERBS.approve, view.id), style: "positive" },
        {
          type: "Action.ShowCard",
          title: "Reject…",
          card: {
            type: "AdaptiveCard",
            body: [{ type: "Input.Text", id: "reason", label: "Why reject?", isMultiline: true, isRequired: true, maxLength: 2000, errorMessage: "Give a reason for rejecting." }],
            actions: [{ ...executeAction("Reject", TEAMS_VERBS.reject, view.id), style: "destructive" }],
          },
        },
      ];
  }
}

function executeAction(title: string, verb: TeamsVerb, requestId: string): AdaptiveElement {
  return { type: "Action.Execute", title, verb, data: { requestId } };
}

function facts(view: ChatRequestView): AdaptiveElement[] {
  const rows: [string, string | null][] = [
    ["Action", view.action],
    ["Resource", view.resource],
    ["Environment", view.environment],
    ["Agent", view.agentName],
    ["Policy", view.policy],
    ["Approvals needed", view.status === "pending" ? String(view.approvalsNeeded) : null],
    ["Changes", view.diffSize],
    ["Masked", view.masked.length ? view.masked.join(", ") : null],
  ];
  return rows.flatMap(([title, value]) => (value === null ? [] : [{
    type: "RichTextBlock",
    spacing: "Small",
    inlines: [
      { type: "TextRun", text: `${title}: `, weight: "Bolder" },
      { type: "TextRun", text: value },
    ],
  }]));
}

/** Text an agent or a person wrote, shown as written: a TextRun is never read as Markdown. */
function plain(text: string, style: Record<string, unknown> = {}): AdaptiveElement {
  return { type: "RichTextBlock", inlines: [{ type: "TextRun", text, ...style }] };
}

function titleColor(status: ChatRequestView["status"]): string {
  if (status === "pending") return "Accent";
  if (status === "approved" || status === "executed") return "Good";
  if (status === "rejected" || status === "failed") return "Attention";
  return "Default";
}
