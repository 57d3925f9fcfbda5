"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { commentMutation, type RequestDetail } from "@/lib/queries";
import { Card } from "./card";
import { ErrorPanel } from "./error-panel";
import { LocalTime } from "./local-time";
import { Avatar } from "./avatar";
import { MaskedText } from "./masked-text";
import { PRIMARY_BUTTON, TEXT_FIELD } from "./control-styles";

/** The discussion on a request, oldest first, and a box to add to it for those who may. */
export function CommentThread({ request }: { request: RequestDetail }) {
  const queryClient = useQueryClient();
  const add = useMutation(commentMutation(queryClient, request.id));
  const [body, setBody] = useState("");
  const fieldId = useId();
  const comments = request.comments;

  return (
    <Card id="comments" title={`Conversation${comments.length ? ` (${comments.length})` : ""}`}>
      {comments.length === 0 ? (
        <p className="text-gray-500">No comments yet.</p>
      ) : (
        <ol className="space-y-3">
          {comments.map((c) => (
            <li key={c.id} className="flex gap-3">
              <Avatar name={c.authorName ?? c.author} />
              <article className="min-w-0 flex-1 rounded-md border border-gray-200">
                <header className="flex flex-wrap items-baseline gap-x-2 border-b border-gray-200 bg-gray-50 px-3 py-1.5 text-[13px]">
                  <span className="font-semibold text-gray-900">{c.authorName ?? c.author}</span>
                  {c.authorName && <span className="text-gray-500">{c.author}</span>}
                  <LocalTime iso={c.createdAt} relative className="text-xs text-gray-500" />
                </header>
                <p className="px-3 py-2 break-words whitespace-pre-wrap text-gray-800">
                  <MaskedText text={c.body} />
                </p>
              </article>
            </li>
          ))}
        </ol>
      )}

      {request.viewer.canComment ? (
        <form
          className="mt-4 border-t border-gray-200 pt-4"
          onSubmit={(e) => {
            e.preventDefault();
            if (!body.trim()) return;
            add.mutate(body, { onSuccess: () => setBody("") });
          }}
        >
          <label htmlFor={fieldId} className="block text-[13px] font-medium text-gray-900">
            Comment
          </label>
          <textarea
            id={fieldId}
            name="body"
            rows={3}
            maxLength={10_000}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            placeholder="Ask the agent's owner a question or note something for other reviewers"
            className={`${TEXT_FIELD} resize-y`}
          />
          {add.isError && (
            <div className="mt-2">
              <ErrorPanel compact error={add.error} title="Your comment was not added" />
            </div>
          )}
          <div className="mt-2 flex items-center justify-between gap-3">
            <p className="text-xs text-gray-500">Secrets and personal data are masked before the comment is stored.</p>
            <button
              type="submit"
              disabled={add.isPending || !body.trim()}
              className={`shrink-0 ${PRIMARY_BUTTON}`}
            >
              {add.isPending ? "Adding…" : "Add comment"}
            </button>
          </div>
        </form>
      ) : (
        <p className="mt-4 border-t border-gray-200 pt-3 text-[13px] text-gray-500">Your role can read comments but not add them.</p>
      )}
    </Card>
  );
}
