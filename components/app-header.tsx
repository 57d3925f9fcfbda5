"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOutToHome } from "@/lib/auth/actions";
import { can } from "@/lib/domain/permissions";
import { ROLE_LABELS, type Role } from "@/lib/domain/roles";
import { SECONDARY_BUTTON } from "./control-styles";
import { BrowserAlerts } from "./browser-alerts";
import { NotificationBell } from "./notification-bell";

type AppHeaderUser = { email: string; name: string | null; roles: Role[] };


function navFor(roles: Role[]): { href: string; label: string }[] {
  const links: { href: string; label: string }[] = [];
  // The same capability table the verbs enforce: auditors may read the queue too.
  if (can({ roles }, "readRequests")) links.push({ href: "/queue", label: "Queue" });
  if (can({ roles }, "readAuditLog")) links.push({ href: "/audit", label: "Audit" });
  if (can({ roles }, "administer")) links.push({ href: "/admin", label: "Admin" });
  return links;
}

export function AppHeader({ user }: { user: AppHeaderUser | null }) {
  const pathname = usePathname();
  const links = user ? navFor(user.roles) : [];
  return (
    <header className="border-b border-gray-200 bg-white">
      <div className="relative mx-auto flex h-14 max-w-6xl items-center gap-3 px-4 sm:gap-6">
        <Link href="/" className="flex items-center gap-2 font-semibold text-gray-900">
          <Logo />
          {/* On a phone the mark alone names the product, so the sections and Sign out fit the width. */}
          <span className="sr-only sm:not-sr-only">Countersign</span>
        </Link>
        {links.length > 0 && (
          <nav aria-label="Main" className="min-w-0 overflow-x-auto">
            <ul className="flex items-center gap-1">
              {links.map((link) => {
                const current = pathname === link.href || pathname.startsWith(`${link.href}/`);
                return (
                  <li key={link.href}>
                    <Link
                      href={link.href}
                      aria-current={current ? "page" : undefined}
                      className={
                        current
                          ? "rounded-md bg-gray-100 px-3 py-1.5 font-medium text-gray-900"
                          : "rounded-md px-3 py-1.5 text-gray-600 hover:bg-gray-50 hover:text-gray-900"
                      }
                    >
                      {link.label}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </nav>
        )}
        {user && (
          <div className="ml-auto flex min-w-0 items-center gap-3">
            <NotificationBell />
            {can(user, "readRequests") && <BrowserAlerts />}
            <span className="hidden min-w-0 items-center gap-2 sm:flex">
              <Link href="/account" className="truncate text-gray-700 hover:text-gray-900 hover:underline" title={user.name ?? undefined}>
                {user.email}
              </Link>
              <span className="sr-only">, roles:</span>
              {user.roles.length === 0 ? (
                <RoleBadge label="No role" muted />
              ) : (
                user.roles.map((role) => <RoleBadge key={role} label={ROLE_LABELS[role]} />)
              )}
            </span>
            <form action={signOutToHome}>
              <button
                type="submit"
                className={SECONDARY_BUTTON}
              >
                Sign out
              </button>
            </form>
          </div>
        )}
      </div>
    </header>
  );
}

function RoleBadge({ label, muted = false }: { label: string; muted?: boolean }) {
  return (
    <span
      className={
        muted
          ? "rounded-full border border-gray-300 px-2 py-px text-xs font-medium text-gray-600"
          : "rounded-full border border-accent-200 bg-accent-50 px-2 py-px text-xs font-medium text-accent-800"
      }
    >
      {label}
    </span>
  );
}

export function Logo({ size = 24 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 40 40" aria-hidden="true" focusable="false">
      <rect width="40" height="40" rx="9" className="fill-accent-600" />
      <path
        d="M20 9l9 3.5v7c0 5.6-3.8 9.9-9 11.5-5.2-1.6-9-5.9-9-11.5v-7z"
        fill="none"
        stroke="#fff"
        strokeWidth="2"
        strokeLinejoin="round"
      />
      <path d="M15.5 20.2l3.1 3.1 6-6.1" fill="none" stroke="#fff" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
