import { escapeHtml } from "../dev-idp/views";
import { latestCard, type AdaptiveCardLike, type PostedActivity } from "./server";
import type { TeamsStandInUser } from "./teams-users";

export type PageState = {
  users: TeamsStandInUser[];
  as: TeamsStandInUser;
  channel: { id: string; name: string; teamName: string };
  posted: PostedActivity[];
  /** This user's own version of a card (by activity id), as their Teams client would show it. */
  userCards: Map<string, AdaptiveCardLike>;
  notice?: { text: string; link?: { href: string; label: string } };
};

type Element = Record<string, unknown> & { type?: string };

const STYLE = `
*{box-sizing:border-box}body{margin:0;background:#f5f5f5;color:#242424;font:14px/1.45 "Segoe UI",system-ui,sans-serif}
header{background:#464775;color:#fff;padding:12px 20px;display:flex;flex-wrap:wrap;gap:12px;align-items:center;justify-content:space-between}
header h1{font-size:16px;margin:0}header form{display:flex;gap:8px;align-items:center;flex-wrap:wrap}
main{max-width:760px;margin:0 auto;padding:16px}
select,textarea,button{font:inherit}button{cursor:pointer;border-radius:4px;border:1px solid #c7c7c7;background:#fff;padding:5px 12px;min-height:32px}
button.positive{background:#5b5fc7;border-color:#5b5fc7;color:#fff}button.destructive{color:#c4314b;border-color:#c4314b}
.notice{background:#fff4ce;border:1px solid #f2d78c;border-radius:4px;padding:10px 12px;margin-bottom:16px}
.card{background:#fff;border:1px solid #e0e0e0;border-radius:6px;padding:14px 16px;margin-bottom:16px;overflow-wrap:anywhere}
.meta{color:#616161;font-size:12px;margin-bottom:8px}.title{font-weight:600;font-size:15px}.Good{color:#0e700e}.Attention{color:#c4314b}.Accent{color:#5b5fc7}
.actions{display:flex;flex-wrap:wrap;gap:8px;margin-top:12px}details{width:100%}textarea{width:100%;min-height:60px;margin:6px 0}
.subtle{color:#616161}p{margin:4px 0}a{color:#5b5fc7}
`;

/** The stand-in's one page: the channel as the chosen Teams user sees it. No script; every value is escaped. */
export function renderStandInPage(state: PageState): string {
  const { as } = state;
  const picker = `<form method="get" action="/"><label for="as">You are Teams user</label>
<select id="as" name="as">${state.users.map((user) => `<option value="${escapeHtml(user.key)}"${user.key === as.key ? " selected" : ""}>${escapeHtml(user.name)}</option>`).join("")}</select>
<button type="submit">Switch</button></form>`;
  const install = `<form method="post" action="/install"><input type="hidden" name="as" value="${escapeHtml(as.key)}"><button type="submit">Add the bot to ${escapeHtml(state.channel.name)}</button></form>`;
  const notice = state.notice
    ? `<div class="notice" role="status">${escapeHtml(state.notice.text)}${state.notice.link ? ` <a href="${escapeHtml(state.notice.link.href)}" target="_blank" rel="noopener">${escapeHtml(state.notice.link.label)}</a>` : ""}</div>`
    : "";
  // The channel, and this user's personal chat with the bot (where the outcome of their agents' requests arrives).
  const visible = state.posted.filter((activity) => activity.conversationId === state.channel.id || activity.conversationId === `a:${as.teamsUserId}`);
  const cards = visible.length
    ? [...visible]
        .reverse()
        .map((activity) => {
          const own = state.userCards.get(activity.id);
          const card = own ?? latestCard(activity);
          const where = activity.conversationId === state.channel.id ? state.channel.name : "Chat with Countersign";
          if (!card) return `<article class="card" aria-label="Countersign message"><div class="meta">${escapeHtml(`Countersign bot · ${where}`)}</div><p>${escapeHtml(activity.versions.at(-1)?.text ?? "")}</p></article>`;
          const meta = `Countersign bot · ${where} · ${own ? "your view of the card" : "the card as posted"}${activity.versions.length > 1 ? ` · updated ${activity.versions.length - 1}×` : ""}`;
          return `<article class="card" aria-label="Countersign card"><div class="meta">${escapeHtml(meta)}</div>${renderCard(card, as, activity.id)}</article>`;
        })
        .join("")
    : `<p class="subtle">No cards yet. Add the bot to the channel, let an administrator enable it in Countersign's Administration › Webhooks, and submit a request.</p>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Teams stand-in · ${escapeHtml(state.channel.name)}</title><style>${STYLE}</style></head>
<body><header><h1>Teams stand-in · ${escapeHtml(state.channel.teamName)} › ${escapeHtml(state.channel.name)}</h1>${picker}</header>
<main>${notice}${install}<h2>Channel messages</h2>${cards}</main></body></html>`;
}

/** A simple rendering of the elements Countersign's cards use; Action.Execute becomes a form the stand-in turns into a signed invoke. */
function renderCard(card: AdaptiveCardLike, as: TeamsStandInUser, activityId: string): string {
  const body = ((card.body as Element[] | undefined) ?? []).map(renderElement).join("");
  const actions = ((card.actions as Element[] | undefined) ?? []).map((action) => renderAction(action, as, activityId)).join("");
  const refresh = card.refresh as { action?: Element } | undefined;
  // Teams offers "Refresh card" on a Universal Actions card for everyone not refreshed automatically.
  const manualRefresh = refresh?.action ? executeForm(refresh.action, as, activityId, "Refresh card", "") : "";
  return `${body}<div class="actions">${actions}${manualRefresh}</div>`;
}

function renderElement(element: Element): string {
  switch (element.type) {
    case "TextBlock":
      return `<p class="${element.weight === "Bolder" ? "title " : ""}${escapeHtml(String(element.color ?? ""))}${element.isSubtle ? " subtle" : ""}">${escapeHtml(element.text)}</p>`;
    case "RichTextBlock":
      return `<p>${((element.inlines as Element[] | undefined) ?? []).map((run) => (run.weight === "Bolder" ? `<strong>${escapeHtml(run.text)}</strong>` : escapeHtml(run.text))).join("")}</p>`;
    default:
      return "";
  }
}

function renderAction(action: Element, as: TeamsStandInUser, activityId: string): string {
  switch (action.type) {
    case "Action.OpenUrl":
      return `<a href="${escapeHtml(action.url)}" target="_blank" rel="noopener">${escapeHtml(action.title)}</a>`;
    case "Action.Execute":
      return executeForm(action, as, activityId, String(action.title), String(action.style ?? ""));
    case "Action.ShowCard": {
      const inner = action.card as { body?: Element[]; actions?: Element[] } | undefined;
      const input = inner?.body?.find((element) => element.type === "Input.Text");
      const submit = inner?.actions?.find((element) => element.type === "Action.Execute");
      if (!submit) return "";
      const field = input ? `<label>${escapeHtml(input.label ?? "")}<textarea name="${escapeHtml(input.id)}"${input.isRequired ? " required" : ""}></textarea></label>` : "";
      return `<details><summary>${escapeHtml(action.title)}</summary>${executeForm(submit, as, activityId, String(submit.title), String(submit.style ?? ""), field)}</details>`;
    }
    default:
      return "";
  }
}

function executeForm(action: Element, as: TeamsStandInUser, activityId: string, title: string, style: string, fields = ""): string {
  return `<form method="post" action="/click">${fields}<input type="hidden" name="as" value="${escapeHtml(as.key)}"><input type="hidden" name="activityId" value="${escapeHtml(activityId)}"><input type="hidden" name="verb" value="${escapeHtml(action.verb)}"><input type="hidden" name="data" value="${escapeHtml(JSON.stringify(action.data ?? {}))}"><button type="submit" class="${escapeHtml(style)}">${escapeHtml(title)}</button></form>`;
}
