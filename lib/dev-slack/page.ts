import type { DevSlackMessage, DevSlackResponse, DevSlackUser, DevSlackView, SlackBlock } from "./server";

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Slack's escaping undone (what a person sees), then HTML's applied. */
const plain = (text: string) => escapeHtml(text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&"));

/** Slack mrkdwn, simply: <url|text> links, *bold*, `code` and line breaks; everything else is text. */
function mrkdwn(text: string): string {
  return text
    .split(/(<https?:\/\/[^|>\s]+\|[^>]+>)/)
    .map((part) => {
      const link = /^<(https?:\/\/[^|>\s]+)\|([^>]+)>$/.exec(part);
      if (link) return `<a href="${escapeHtml(link[1]!)}">${plain(link[2]!)}</a>`;
      return plain(part)
        .replace(/\*([^*\n]+)\*/g, "<strong>$1</strong>")
        .replace(/`([^`\n]+)`/g, "<code>$1</code>")
        .replace(/\n/g, "<br>");
    })
    .join("");
}

const textOf = (value: unknown) => (value && typeof value === "object" && "text" in value ? String((value as { text: unknown }).text) : "");

function renderBlock(block: SlackBlock, as: string, message: DevSlackMessage): string {
  switch (block.type) {
    case "header":
      return `<h3>${escapeHtml(textOf(block.text))}</h3>`;
    case "section": {
      const fields = Array.isArray(block.fields) ? `<div class="fields">${(block.fields as unknown[]).map((field) => `<div>${mrkdwn(textOf(field))}</div>`).join("")}</div>` : "";
      return `${block.text ? `<p>${mrkdwn(textOf(block.text))}</p>` : ""}${fields}`;
    }
    case "context":
      return `<p class="context">${((block.elements as unknown[]) ?? []).map((element) => mrkdwn(textOf(element))).join(" ")}</p>`;
    case "actions":
      return `<div class="actions">${((block.elements as Record<string, unknown>[]) ?? [])
        .map((element) => {
          const label = escapeHtml(textOf(element.text));
          if (typeof element.url === "string") return `<a class="button" href="${escapeHtml(element.url)}">${label}</a>`;
          return `<form method="post" action="/ui/click"><input type="hidden" name="as" value="${escapeHtml(as)}"><input type="hidden" name="channel" value="${escapeHtml(message.channel)}"><input type="hidden" name="ts" value="${escapeHtml(message.ts)}"><input type="hidden" name="action" value="${escapeHtml(String(element.action_id))}"><button class="button ${escapeHtml(String(element.style ?? ""))}">${label}</button></form>`;
        })
        .join("")}</div>`;
    default:
      return "";
  }
}

function renderMessage(message: DevSlackMessage, as: string): string {
  const body = message.blocks.length ? message.blocks.map((block) => renderBlock(block, as, message)).join("") : `<p>${mrkdwn(message.text)}</p>`;
  return `<article class="message" data-ts="${escapeHtml(message.ts)}" aria-label="Message ${escapeHtml(message.ts)}"><div class="from">Countersign <span class="app">APP</span>${message.updates ? ` <span class="edited">(edited)</span>` : ""}</div>${body}</article>`;
}

/** The stand-in's one page: the approvals channel as the chosen Slack user sees it, with their ephemeral answers, DMs and open modals. */
export function renderSlackPage(state: {
  as: string;
  users: readonly DevSlackUser[];
  channel: string;
  messages: DevSlackMessage[];
  direct: DevSlackMessage[];
  responses: DevSlackResponse[];
  views: DevSlackView[];
  /** Clicks go over Socket Mode (the worker's connection) rather than to the request URL. */
  socketMode: boolean;
}): string {
  const { as, users, channel } = state;
  const picker = users
    .map((user) => (user.id === as ? `<strong aria-current="true">${escapeHtml(user.name)} (${user.id})</strong>` : `<a href="/?as=${encodeURIComponent(user.id)}">${escapeHtml(user.name)}</a>`))
    .join(" · ");
  const modals = state.views
    .map(
      (view) =>
        `<form class="modal" method="post" action="/ui/submit" aria-label="Reject request"><h3>${escapeHtml(textOf(view.view.title))}</h3><input type="hidden" name="as" value="${escapeHtml(as)}"><input type="hidden" name="view" value="${escapeHtml(view.id)}"><label>Reason<br><textarea name="reason" rows="3" required></textarea></label><button class="button danger">${escapeHtml(textOf(view.view.submit) || "Submit")}</button></form>`,
    )
    .join("");
  const answers = state.responses.map((entry) => `<li class="ephemeral">${mrkdwn(entry.text)}</li>`).join("");
  const refresh = state.views.length === 0 ? `<meta http-equiv="refresh" content="4">` : "";
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">${refresh}<title>Slack stand-in · #approvals</title><style>
body{font:15px/1.45 system-ui,sans-serif;margin:0;background:#f8f8f8;color:#1d1c1d}header{background:#3f0e40;color:#fff;padding:10px 16px}header a{color:#fff}main{max-width:760px;margin:0 auto;padding:12px 16px}
.message,.modal,.ephemeral{background:#fff;border:1px solid #ddd;border-radius:8px;padding:10px 14px;margin:10px 0;list-style:none}.from{font-weight:700}.app{font-size:10px;background:#ddd;border-radius:3px;padding:0 3px;color:#555}.edited{font-weight:400;color:#555;font-size:12px}
h3{margin:6px 0;font-size:17px}.fields{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:6px 16px;margin:6px 0}.context{color:#555;font-size:13px}.actions{display:flex;flex-wrap:wrap;gap:8px;margin-top:8px}.actions form{margin:0}
.button{display:inline-block;border:1px solid #bbb;background:#fff;border-radius:4px;padding:5px 12px;font:inherit;font-weight:600;color:#1d1c1d;text-decoration:none;cursor:pointer}.primary{background:#007a5a;border-color:#007a5a;color:#fff}.danger{background:#e01e5a;border-color:#e01e5a;color:#fff}
code{background:#eee;border-radius:3px;padding:0 3px;overflow-wrap:anywhere}textarea{width:100%;box-sizing:border-box;font:inherit}ul{padding:0}.note{color:#555;font-size:13px}
</style></head><body><header><strong>Slack stand-in</strong> · #approvals (${escapeHtml(channel)})<br><span>You are Slack user: ${picker}</span></header><main>
<p class="note">A local stand-in for Slack that speaks its protocol (Web API, ${state.socketMode ? "interactions over Socket Mode" : "signed interactions"}, response URLs). Slack accounts are linked to Countersign people only through the sign-in a button offers.</p>
${modals}${answers ? `<h2>Only visible to you</h2><ul>${answers}</ul>` : ""}
<h2>#approvals</h2>${state.messages.length ? state.messages.map((message) => renderMessage(message, as)).join("") : `<p class="note">No requests posted yet.</p>`}
${state.direct.length ? `<h2>Direct messages from Countersign</h2>${state.direct.map((message) => renderMessage(message, as)).join("")}` : ""}
</main></body></html>`;
}
