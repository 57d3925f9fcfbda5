"use client";

import { useQuery } from "@tanstack/react-query";
import { ROLE_LABELS } from "@/lib/domain/roles";
import { roleHoldersQuery } from "@/lib/queries";
import { Card } from "../card";
import { ErrorPanel } from "../error-panel";
import { ListSkeleton } from "../list-skeleton";
import { LocalTime } from "../local-time";

/** /admin/roles: everyone who has signed in, with the groups the IdP sent then and the roles they give. */
export function RoleHoldersView() {
  const query = useQuery(roleHoldersQuery());
  if (!query.data) {
    return query.isError ? <ErrorPanel error={query.error} title="The people could not be loaded" onRetry={() => query.refetch()} /> : <ListSkeleton label="Loading people…" />;
  }
  const { people } = query.data;
  return (
    <Card id="role-holders" title={`People (${people.length})`} flush>
      <p className="border-b border-gray-200 px-4 py-2 text-[13px] text-gray-600">
        Roles come from the identity provider&apos;s groups at each person&apos;s last sign-in; a change in the IdP shows here after their next one.
      </p>
      {people.length === 0 ? (
        <p className="p-4 text-gray-600">Nobody has signed in yet.</p>
      ) : (
        <div className="overflow-x-auto">
          <table aria-label="Role holders" className="w-full text-left text-[13px]">
            <thead className="border-b border-gray-200 bg-gray-50 text-xs text-gray-600">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">Email</th>
                <th scope="col" className="px-4 py-2 font-medium">Name</th>
                <th scope="col" className="px-4 py-2 font-medium">Groups</th>
                <th scope="col" className="px-4 py-2 font-medium">Roles</th>
                <th scope="col" className="px-4 py-2 font-medium">Last sign-in</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-200">
              {people.map((person) => (
                <tr key={person.email}>
                  <td className="px-4 py-2 font-medium whitespace-nowrap text-gray-900">{person.email}</td>
                  <td className="px-4 py-2">{person.name ?? "—"}</td>
                  <td className="px-4 py-2 font-mono text-[12px]">{person.groups.join(", ") || "—"}</td>
                  <td className="px-4 py-2">{person.roles.map((role) => ROLE_LABELS[role]).join(", ") || "None"}</td>
                  <td className="px-4 py-2 whitespace-nowrap">{person.lastSignInAt ? <LocalTime iso={person.lastSignInAt} relative /> : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
