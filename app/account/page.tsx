import type { Metadata } from "next";
import type { ReactNode } from "react";
import { BrowserAlertsToggle } from "@/components/browser-alerts-toggle";
import { Card } from "@/components/card";
import { PRIMARY_BUTTON, SECONDARY_BUTTON } from "@/components/control-styles";
import { LocalTime } from "@/components/local-time";
import { unlinkChatAction } from "@/lib/actions/chat-links";
import { stepUpSignIn } from "@/lib/auth/actions";
import { requireUser } from "@/lib/auth/current-user";
import { ROLE_LABELS } from "@/lib/domain/roles";
import { listChatLinks } from "@/lib/services/list-chat-links";

export const metadata: Metadata = { title: "Your sign-in" };

/**
 * Who the console takes you for, and when and how your identity provider last checked: what a
 * decision that asks for a recent sign-in (step-up) looks at. "Sign in again" refreshes it.
 */
export default async function AccountPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  // OTHER_PERSON_SIGN_IN_URL (lib/auth): someone else's credentials were given to "Sign in again".
  const params = await searchParams;
  const otherPerson = params.error === "OtherPerson";
  const chatLinks = await listChatLinks(user);
  const authentication = user.authentication;
  const notStated = <span className="text-gray-500">Not stated by your identity provider</span>;
  const rows: [string, ReactNode][] = [
    ["Email", user.email],
    ["Name", user.name ?? <span className="text-gray-500">Not stated</span>],
    ["Groups", user.groups.length > 0 ? user.groups.join(", ") : <span className="text-gray-500">None</span>],
    ["Roles", user.roles.length > 0 ? user.roles.map((role) => ROLE_LABELS[role]).join(", ") : <span className="text-gray-500">None</span>],
    ["Last authenticated", authentication?.time ? <LocalTime iso={authentication.time.toISOString()} /> : notStated],
    ["Methods", authentication && authentication.methods.length > 0 ? authentication.methods.join(", ") : notStated],
    ["Context class", authentication?.contextClass ?? notStated],
  ];
  return (
    <div className="max-w-2xl space-y-5">
      <div>
        <h1 className="text-xl font-semibold tracking-tight text-gray-900">Your sign-in</h1>
        <p className="mt-1 text-gray-600">
          Who the console takes you for, from your identity provider. Some decisions ask for a recent sign-in; signing in again
          here refreshes it.
        </p>
      </div>
      {otherPerson && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-red-900">
          That sign-in was as someone else, so it was refused. You are still signed in as {user.email}, and nothing changed.
        </p>
      )}
      <Card id="sign-in" title="Identity and authentication">
        <dl className="grid grid-cols-[10rem_1fr] gap-x-4 gap-y-2">
          {rows.map(([term, definition]) => (
            <div key={term} className="contents">
              <dt className="font-medium text-gray-600">{term}</dt>
              <dd className="min-w-0 break-words text-gray-900">{definition}</dd>
            </div>
          ))}
        </dl>
        <form action={stepUpSignIn.bind(null, "/account", 0)} className="mt-4">
          <button type="submit" className={PRIMARY_BUTTON}>
            Sign in again
          </button>
        </form>
      </Card>
      <Card id="chat-links" title="Chat accounts">
        {params.linked && (
          <p role="status" className="mb-3 rounded-md border border-green-200 bg-green-50 px-3 py-2 text-green-900">
            Linked. Approve and Reject in that chat now decide as you.
          </p>
        )}
        {chatLinks.length === 0 ? (
          <p className="text-gray-600">No chat accounts are linked. Click Approve or Reject on a request in Slack to be offered a link.</p>
        ) : (
          <ul className="divide-y divide-gray-200">
            {chatLinks.map((link) => (
              <li key={`${link.provider}:${link.workspace}:${link.externalUserId}`} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span className="text-gray-900">
                  {link.provider === "slack" ? "Slack" : "Microsoft Teams"} user <code className="font-mono">{link.externalUserId}</code> in{" "}
                  <code className="font-mono">{link.workspace}</code>, linked <LocalTime iso={link.linkedAt} />
                </span>
                <form action={unlinkChatAction}>
                  <input type="hidden" name="provider" value={link.provider} />
                  <input type="hidden" name="workspace" value={link.workspace} />
                  <input type="hidden" name="externalUserId" value={link.externalUserId} />
                  <button type="submit" className={SECONDARY_BUTTON} aria-label={`Remove the link to ${link.provider} user ${link.externalUserId}`}>
                    Remove
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card id="browser-notifications" title="Browser notifications">
        <BrowserAlertsToggle />
      </Card>
    </div>
  );
}
