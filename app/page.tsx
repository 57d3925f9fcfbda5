import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Logo } from "@/components/app-header";
import { signInWithSso } from "@/lib/auth/actions";
import { getCurrentUser } from "@/lib/auth/current-user";
import { getConfig } from "@/lib/config";
import { DEMO_PASSWORD, DEMO_USERS } from "@/lib/dev-idp/demo-users";
import type { UserActor } from "@/lib/domain/actor";
import { ROLE_LABELS, rolesFromGroups } from "@/lib/domain/roles";

export const metadata: Metadata = { title: "Sign in" };

/** Why a sign-in came back here (`pages.error` in lib/auth), in words a person can act on. */
function signInErrorMessage(code: string | undefined): string | null {
  if (!code) return null;
  switch (code) {
    case "AccessDenied":
      return "Your identity provider account cannot sign in to Countersign: it needs a verified email address.";
    case "Configuration":
      return "Sign-in failed because of a server configuration problem. If this keeps happening, contact your administrator.";
    default:
      return "Sign-in did not complete. Please try again.";
  }
}

/** Where a signed-in person starts: auditors at the audit log, everyone else at the queue. */
function homeFor(user: UserActor): string | null {
  if (user.roles.includes("auditor")) return "/audit";
  if (user.roles.includes("reviewer") || user.roles.includes("admin")) return "/queue";
  return null;
}

export default async function HomePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await getCurrentUser();
  if (user) {
    const home = homeFor(user);
    if (home) redirect(home);
    return <NoRole user={user} />;
  }
  const { error } = await searchParams;
  const errorMessage = signInErrorMessage(typeof error === "string" ? error : undefined);
  const config = getConfig();

  return (
    <div className="mx-auto flex max-w-md flex-col gap-6 pt-6">
      <section aria-labelledby="sign-in-heading" className="rounded-lg border border-gray-200 bg-white p-8 shadow-xs">
        <div className="flex flex-col items-center text-center">
          <Logo size={40} />
          <h1 id="sign-in-heading" className="mt-4 text-xl font-semibold tracking-tight">
            Sign in to Countersign
          </h1>
          <p className="mt-2 text-gray-600">
            Countersign puts a human decision in front of every privileged action an AI agent runs, and keeps verifiable proof
            of it afterwards.
          </p>
        </div>
        {errorMessage && (
          <p role="alert" className="mt-6 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-[13px] text-red-800">
            {errorMessage}
          </p>
        )}
        <form action={signInWithSso} className="mt-6">
          <button
            type="submit"
            className="w-full rounded-md border border-accent-700 bg-accent-600 px-4 py-2 font-semibold text-white shadow-xs hover:bg-accent-700"
          >
            Sign in with SSO
          </button>
        </form>
        <p className="mt-3 text-center text-xs text-gray-500">
          You will continue to your organisation&apos;s identity provider.
        </p>
      </section>

      {config.demoMode && (
        <section aria-labelledby="demo-logins-heading" className="overflow-hidden rounded-lg border border-gray-200 bg-white shadow-xs">
          <div className="border-b border-gray-200 px-4 py-3">
            <h2 id="demo-logins-heading" className="font-semibold">
              Demo logins
            </h2>
            <p className="mt-0.5 text-xs text-gray-600">
              Every demo login uses the password{" "}
              <code className="rounded bg-gray-100 px-1.5 py-px font-mono text-gray-900">{DEMO_PASSWORD}</code>.
            </p>
          </div>
          <table className="w-full text-left text-[13px]">
            <thead className="bg-gray-50 text-xs text-gray-600">
              <tr>
                <th scope="col" className="px-4 py-2 font-semibold">
                  Email
                </th>
                <th scope="col" className="px-4 py-2 font-semibold">
                  Role
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-100">
              {DEMO_USERS.map((demoUser) => (
                <tr key={demoUser.email}>
                  <td className="px-4 py-2 font-mono text-xs text-gray-900">{demoUser.email}</td>
                  <td className="px-4 py-2 text-gray-700">
                    {rolesFromGroups(demoUser.groups, config.groupRoles)
                      .map((role) => ROLE_LABELS[role])
                      .join(", ")}
                    {demoUser.note && <span className="text-gray-500"> · {demoUser.note}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}

/** Signed in, but none of the person's groups maps to a console role. */
function NoRole({ user }: { user: UserActor }) {
  const { groupRoles } = getConfig();
  const groupNames = [...new Set([...groupRoles.reviewer, ...groupRoles.auditor, ...groupRoles.admin])];
  return (
    <section aria-labelledby="no-role-heading" className="mx-auto max-w-lg rounded-lg border border-gray-200 bg-white p-8 shadow-xs">
      <h1 id="no-role-heading" className="text-lg font-semibold">
        No access yet
      </h1>
      <p className="mt-2 text-gray-700">
        You are signed in as <strong className="font-semibold">{user.email}</strong>, but none of your identity provider
        groups gives you a role in Countersign.
      </p>
      <p className="mt-2 text-gray-600">
        Ask your administrator to add you to one of these groups: {groupNames.join(", ")}. Then sign out and sign in again.
      </p>
    </section>
  );
}
