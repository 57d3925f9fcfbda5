"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { addChatTargetMutation, teamsConversationsQuery } from "@/lib/queries";
import { Card } from "../card";
import { SECONDARY_BUTTON } from "../control-styles";
import { ErrorPanel } from "../error-panel";
import { ListSkeleton } from "../list-skeleton";
import { LocalTime } from "../local-time";

/**
 * The Teams conversations the bot was added to (it captures each from Teams' own conversationUpdate),
 * and a button to post requests to one: nothing goes to a conversation until an administrator says so.
 */
export function TeamsConversations() {
  const queryClient = useQueryClient();
  const conversations = useQuery(teamsConversationsQuery());
  const add = useMutation(addChatTargetMutation(queryClient));
  return (
    <Card id="teams-conversations" title="Microsoft Teams conversations" flush>
      {conversations.isPending ? (
        <ListSkeleton rows={2} label="Loading Teams conversations…" />
      ) : conversations.isError ? (
        <div className="p-4">
          <ErrorPanel error={conversations.error} title="The Teams conversations could not be loaded" onRetry={() => conversations.refetch()} />
        </div>
      ) : conversations.data.length === 0 ? (
        <p className="px-4 py-3 text-[13px] text-gray-600">
          The Countersign bot has not been added to any Teams channel or chat yet. Add it in Teams (Apps, or the channel&apos;s Manage team › Apps); the conversation then appears here.
        </p>
      ) : (
        <ul className="divide-y divide-gray-200">
          {conversations.data.map((conversation) => (
            <li key={conversation.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
              <div className="min-w-0 flex-[1_1_16rem]">
                <p className="text-[13px] font-medium break-words text-gray-900">{conversation.name ?? conversation.id}</p>
                <p className="text-xs text-gray-600">
                  {conversation.conversationType === "personal" ? "Personal chat" : conversation.conversationType === "groupChat" ? "Group chat" : "Channel"} · bot added{" "}
                  <LocalTime iso={conversation.addedAt} />
                </p>
              </div>
              {conversation.posting ? (
                <p className="text-[13px] text-gray-700">Requests are posted here</p>
              ) : (
                <button
                  type="button"
                  className={SECONDARY_BUTTON}
                  disabled={add.isPending}
                  onClick={() => add.mutate({ provider: "teams", target: conversation.id })}
                  aria-label={`Post requests to ${conversation.name ?? conversation.id}`}
                >
                  Post requests here
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {add.isError && (
        <div className="border-t border-gray-200 p-4">
          <ErrorPanel compact error={add.error} title="Requests will not be posted there" />
        </div>
      )}
    </Card>
  );
}
