import { createHash } from "node:crypto";
import type { DemoUser } from "./demo-users";

/**
 * The development identity provider's pages: self-contained HTML (inline CSS, no external assets, no
 * script). Every interpolated value goes through `escapeHtml`.
 */
export function escapeHtml(value: unknown): string {
  return String(value)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const STYLE = `
:root{color-scheme:light;--accent:#4f46e5;--accent-hover:#4338ca;--text:#1f2328;--muted:#59636e;--border:#d1d9e0;--bg:#f6f8fa}
*{box-sizing:border-box}
body{margin:0;min-height:100vh;background:var(--bg);color:var(--text);font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI","Noto Sans",Helvetica,Arial,sans-serif;display:flex;flex-direction:column;align-items:center;padding:48px 16px}
main{width:100%;max-width:400px}
.brand{display:flex;flex-direction:column;align-items:center;gap:12px;margin-bottom:20px;text-align:center}
.brand svg{display:block}
h1{font-size:20px;font-weight:600;margin:0;letter-spacing:-.01em}
.sub{margin:2px 0 0;color:var(--muted);font-size:13px}
.card{background:#fff;border:1px solid var(--border);border-radius:8px;padding:20px}
.notice{margin:0 0 16px;padding:10px 12px;border:1px solid #eac54f;background:#fff8c5;border-radius:6px;font-size:13px;color:#3b2300}
.error{margin:0 0 16px;padding:10px 12px;border:1px solid #ffcecb;background:#ffebe9;border-radius:6px;font-size:13px;color:#82071e}
label{display:block;font-weight:600;margin:0 0 6px}
.field{margin-bottom:14px}
input{width:100%;height:34px;padding:5px 10px;font:inherit;color:inherit;background:#fff;border:1px solid var(--border);border-radius:6px;box-shadow:inset 0 1px 0 rgba(208,215,222,.2)}
input:focus{outline:2px solid var(--accent);outline-offset:-1px;border-color:var(--accent)}
button{width:100%;height:34px;margin-top:4px;font:inherit;font-weight:600;color:#fff;background:var(--accent);border:1px solid rgba(31,35,40,.15);border-radius:6px;cursor:pointer}
button:hover{background:var(--accent-hover)}
button.secondary{color:var(--text);background:#f6f8fa;border-color:var(--border)}
button.secondary:hover{background:#eff2f5}
button:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
.logins{margin-top:16px}
h2{font-size:13px;font-weight:600;margin:0 0 4px}
.hint{margin:0 0 8px;color:var(--muted);font-size:12px}
.table{background:#fff;border:1px solid var(--border);border-radius:8px;overflow:hidden}
table{width:100%;border-collapse:collapse;font-size:12px}
th,td{text-align:left;padding:6px 10px;border-bottom:1px solid #eef1f4}
th{font-weight:600;color:var(--muted);background:#f6f8fa}
tr:last-child td{border-bottom:0}
code{font:12px ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,monospace;background:#eff2f5;border-radius:4px;padding:1px 5px}
.groups{color:var(--muted)}
a{color:var(--accent)}
a:focus-visible{outline:2px solid var(--accent);outline-offset:2px;border-radius:2px}
footer{margin-top:20px;color:var(--muted);font-size:12px;text-align:center}
`.trim();

const STYLE_HASH = `'sha256-${createHash("sha256").update(STYLE).digest("base64")}'`;

const LOGO = `<svg width="40" height="40" viewBox="0 0 40 40" aria-hidden="true" focusable="false"><rect width="40" height="40" rx="9" fill="#4f46e5"/><path d="M20 9l9 3.5v7c0 5.6-3.8 9.9-9 11.5-5.2-1.6-9-5.9-9-11.5v-7z" fill="none" stroke="#fff" stroke-width="2" stroke-linejoin="round"/><path d="M15.5 20.2l3.1 3.1 6-6.1" fill="none" stroke="#fff" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/></svg>`;

export const PAGE_TITLE = "Countersign development identity provider";

/** Security headers for every page we render: no script, no framing, forms only to ourselves and the app. */
export function pageHeaders(formTargets: string[]): Record<string, string> {
  return {
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": "no-store",
    "Content-Security-Policy": [
      "default-src 'none'",
      "img-src data:",
      `style-src ${STYLE_HASH}`,
      `form-action 'self' ${formTargets.join(" ")}`.trim(),
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join("; "),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    // same-origin, not no-referrer: with no-referrer Chromium posts the form with `Origin: null`.
    "Referrer-Policy": "same-origin",
  };
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<link rel="icon" href="data:,">
<title>${escapeHtml(title === PAGE_TITLE ? PAGE_TITLE : `${title} · ${PAGE_TITLE}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<div class="brand">${LOGO}<div><h1>${escapeHtml(title === PAGE_TITLE ? "Sign in to Countersign" : title)}</h1><p class="sub">${escapeHtml(PAGE_TITLE)}</p></div></div>
${body}
</main>
<footer>Demo mode only · not for real accounts or data</footer>
</body>
</html>`;
}

export function renderLoginPage(input: {
  action: string;
  email: string;
  error?: string;
  clientName: string;
  demoUsers: readonly DemoUser[];
  demoPassword: string;
}): string {
  const rows = input.demoUsers
    .map((user) => `<tr><td><code>${escapeHtml(user.email)}</code></td><td class="groups">${escapeHtml(user.groups.join(", "))}</td></tr>`)
    .join("");
  const error = input.error ? `<p class="error" role="alert">${escapeHtml(input.error)}</p>` : "";
  return layout(
    PAGE_TITLE,
    `<div class="card">
<p class="notice">This identity provider only exists in demo mode. It signs you in to ${escapeHtml(input.clientName)} as one of the demo people below.</p>
${error}
<form method="post" action="${escapeHtml(input.action)}" autocomplete="on" novalidate>
<div class="field"><label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(input.email)}"${input.email ? "" : " autofocus"}${input.error ? ' aria-invalid="true"' : ""}></div>
<div class="field"><label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required${input.email ? " autofocus" : ""}${input.error ? ' aria-invalid="true"' : ""}></div>
<button type="submit">Sign in</button>
</form>
</div>
<section class="logins" aria-labelledby="demo-logins">
<h2 id="demo-logins">Demo logins</h2>
<p class="hint">Every demo login uses the password <code>${escapeHtml(input.demoPassword)}</code>.</p>
<div class="table"><table><thead><tr><th scope="col">Email</th><th scope="col">Groups</th></tr></thead><tbody>${rows}</tbody></table></div>
</section>`,
  );
}

export function renderMessagePage(input: { title: string; message: string; link?: { href: string; text: string } }): string {
  const link = input.link ? `<p><a href="${escapeHtml(input.link.href)}">${escapeHtml(input.link.text)}</a></p>` : "";
  return layout(input.title, `<div class="card" role="alert"><p>${escapeHtml(input.message)}</p>${link}</div>`);
}

/** oidc-provider's own sign-out confirmation; `libraryForm` is its hidden form with the XSRF token. */
export function renderLogoutPage(libraryForm: string): string {
  return layout(
    "Sign out",
    `<div class="card"><p>Sign out of the development identity provider?</p>${libraryForm}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>
<button type="submit" form="op.logoutForm" class="secondary">Stay signed in</button></div>`,
  );
}

/**
 * The device flow's code page (RFC 8628): `libraryForm` is oidc-provider's form with its XSRF token and
 * the `user_code` field, submitted by the button below; `error` says why the last code was not taken.
 */
export function renderDeviceCodePage(libraryForm: string, error?: string): string {
  const message = error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : "";
  // The library's code field has no id; one is added so the label names it for assistive technology.
  const form = libraryForm.replace('name="user_code" placeholder', 'id="user_code" name="user_code" placeholder');
  return layout(
    "Sign in on another device",
    `<div class="card"><p>Enter the code the Countersign command line printed.</p>${message}<label for="user_code">Code</label>${form}
<button type="submit" form="op.deviceInputForm">Continue</button></div>`,
  );
}

/** Confirms the code before signing in, so a code someone else sent you is not approved unread. */
export function renderDeviceConfirmPage(libraryForm: string, clientName: string, userCode: string): string {
  return layout(
    "Confirm the sign-in",
    `<div class="card"><p>${escapeHtml(clientName)} on the command line asks to sign in as you. Continue only if it printed this code:</p>
<p><code>${escapeHtml(userCode)}</code></p>${libraryForm}
<button type="submit" form="op.deviceConfirmForm">Continue</button>
<button type="submit" form="op.deviceConfirmForm" class="secondary" name="abort" value="yes">Cancel</button></div>`,
  );
}
