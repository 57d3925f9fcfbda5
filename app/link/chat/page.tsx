import type { Metadata } from "next";
import { Card } from "@/components/card";
import { PRIMARY_BUTTON } from "@/components/control-styles";
import { redeemChatLinkAction, signInForChatLink } from "@/lib/actions/chat-links";
import { getCurrentUser } from "@/lib/auth/current-user";
import { readChatLink } from "@/lib/services/read-chat-link";

export const metadata: Metadata = { title: "Chat link" };

const PROVIDER_NAMES = { slack: "Slack", teams: "Microsoft Teams" } as const;

const ERRORS: Record<string, string> = {
  INVALID_STATE: "This link has expired or has already been used. Ask the chat for a new one.",
  CONFLICT: "That chat account is linked to another person. They can remove the link on their Account page first.",
  FORBIDDEN: "This link was made for another person's chat account.",
};

/**
 * Where a chat's link lands: "link your chat account" or "decide in the console". Nothing happens on
 * opening it (a chat's link preview must not use it up): the signed-in person confirms with a POST.
 * A signed-out visitor signs in through SSO first and comes back here.
 */
export default async function ChatLinkPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { state, error } = await searchParams;
  const message = (text: string) => (
    <Card id="chat-link" title="Chat link">
      <p role="alert" className="text-gray-800">
        {text}
      </p>
    </Card>
  );
  if (typeof error === "string") return <Frame>{message(ERRORS[error] ?? "That did not work. Ask the chat for a new link.")}</Frame>;
  const link = typeof state === "string" ? await readChatLink(state, new Date()) : null;
  if (!link || typeof state !== "string") return <Frame>{message(ERRORS.INVALID_STATE!)}</Frame>;
  const provider = PROVIDER_NAMES[link.identity.provider];
  const who = (
    <>
      {provider} user <code className="font-mono">{link.identity.externalUserId}</code> (workspace <code className="font-mono">{link.identity.workspace}</code>)
    </>
  );
  const user = await getCurrentUser();
  if (!user) {
    return (
      <Frame>
        <Card id="chat-link" title={link.purpose === "link" ? `Link your ${provider} account` : "Decide in Countersign"}>
          <p className="text-gray-800">Sign in with your organisation&apos;s account to continue with {who}.</p>
          <form action={signInForChatLink.bind(null, state)} className="mt-4">
            <button type="submit" className={PRIMARY_BUTTON}>
              Sign in with SSO
            </button>
          </form>
        </Card>
      </Frame>
    );
  }
  return (
    <Frame>
      <Card id="chat-link" title={link.purpose === "link" ? `Link your ${provider} account` : "Decide in Countersign"}>
        {link.purpose === "link" ? (
          <p className="text-gray-800">
            Link {who} to you, <strong>{user.email}</strong>? Its Approve and Reject buttons will then decide as you, under the same rules as the console. You can remove the link on your Account page.
          </p>
        ) : (
          <p className="text-gray-800">
            This request asks for a recent sign-in, so it is decided here, not in {provider}. Continue as <strong>{user.email}</strong>.
          </p>
        )}
        <form action={redeemChatLinkAction} className="mt-4">
          <input type="hidden" name="state" value={state} />
          <button type="submit" className={PRIMARY_BUTTON}>
            {link.purpose === "link" ? `Link ${provider} account` : "Open the request"}
          </button>
        </form>
      </Card>
    </Frame>
  );
}

function Frame({ children }: { children: React.ReactNode }) {
  return (
    <div className="max-w-2xl space-y-5">
      <h1 className="text-xl font-semibold tracking-tight text-gray-900">Chat link</h1>
      {children}
    </div>
  );
}
