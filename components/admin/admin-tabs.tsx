"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** The administrator's sections; each is its own page so every view has a URL and the back button works. */
const SECTIONS: { href: string; label: string }[] = [
  { href: "/admin/policies", label: "Policies" },
  { href: "/admin/agents", label: "Agents" },
  { href: "/admin/freeze", label: "Freeze" },
  { href: "/admin/roles", label: "Roles" },
  { href: "/admin/webhooks", label: "Webhooks" },
];

export function AdminTabs() {
  const pathname = usePathname();
  return (
    <nav aria-label="Administration" className="border-b border-gray-200">
      <ul className="-mb-px flex gap-1 overflow-x-auto">
        {SECTIONS.map((section) => {
          const active = pathname === section.href || pathname.startsWith(`${section.href}/`);
          return (
            <li key={section.href}>
              <Link
                href={section.href}
                aria-current={active ? "page" : undefined}
                className={`inline-flex items-center border-b-2 px-3 py-2 text-sm whitespace-nowrap ${
                  active ? "border-accent-600 font-semibold text-gray-900" : "border-transparent text-gray-600 hover:border-gray-300 hover:text-gray-900"
                }`}
              >
                {section.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
