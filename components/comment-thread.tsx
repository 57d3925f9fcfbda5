"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { commentMutation, resolveCommentMutation, type RequestDetail } from "@/lib/queries";
import { Card } from "./card";
import { ErrorPanel } from "./error-panel";
import { LocalTime } from "./local-time";
import { Avatar } from "./avatar";
import { MaskedText } from "./masked-text";
import { PRIMARY_BUTTON, SECONDARY_BUTTON, TEXT_FIELD } from "./control-styles";

type Comment = RequestDetail["comments"][number];

const MENTION_HINT = "Mention a reviewer with @name or @email to notify them. Secrets and personal data are masked before the comment is stored.";

/**
 * The discussion on a request, oldest thread first: each comment that starts a thread, its replies
 * one level below (as in a code review), a Reply box per thread, and "Mark answered" for questions.
 */
export function CommentThread({ request }: { request: RequestDetail }) {
  const { comments } = request;
  const threads = comments.filter((c) => c.replyTo === null);
  const repliesTo = (id: string) => comments.filter((c) => c.replyTo === id);
  const [replyingTo, setReplyingTo] = useState<string | null>(null);
  const resolve = useMutation(resolveCommentMutation(useQueryClient(), request.id));

  return (
    <Card id="comments" title={`Conversation${comments.length ? ` (${comments.length})` : ""}`}>
      {threads.length === 0 ? (
        <p className="text-gray-500">No comments yet.</p>
      ) : (
        <ol className="space-y-4">
          {threads.map((thread) => (
            <li key={thread.id} className="flex gap-3">
              <Avatar name={thread.authorName ?? thread.author} />
              <div className="min-w-0 flex-1 rounded-md border border-gray-200">
                <CommentBody comment={thread} />
                {repliesTo(thread.id).length > 0 && (
                  <ol aria-label={`Replies to ${thread.authorName ?? thread.author}`} className="space-y-2 border-t border-gray-200 bg-gray-50/60 px-3 py-2">
                    {repliesTo(thread.id).map((reply) => (
                      <li key={reply.id} className="flex gap-2">
                        <Avatar name={reply.authorName ?? reply.author} />
                        <div className="min-w-0 flex-1 rounded-md border border-gray-200 bg-white">
                          <CommentBody comment={reply} />
                        </div>
                      </li>
                    ))}
                  </ol>
                )}
                {(request.viewer.canComment || thread.canResolve) && (
                  <div className="border-t border-gray-200 px-3 py-2">
                    {replyingTo === thread.id ? (
                      <CommentForm request={request} replyTo={thread.id} onDone={() => setReplyingTo(null)} />
                    ) : (
                      <div className="flex flex-wrap gap-2">
                        {request.viewer.canComment && (
                          <button type="button" className={SECONDARY_BUTTON} aria-label={`Reply to ${thread.authorName ?? thread.author}`} onClick={() => setReplyingTo(thread.id)}>
                            Reply
                          </button>
                        )}
                        {thread.canResolve && (
                          <button type="button" className={SECONDARY_BUTTON} disabled={resolve.isPending} onClick={() => resolve.mutate(thread.id)}>
                            Mark answered
                          </button>
                        )}
                      </div>
                    )}
                    {resolve.isError && resolve.variables === thread.id && (
                      <div className="mt-2">
                        <ErrorPanel compact error={resolve.error} title="The question was not marked answered" />
                      </div>
                    )}
                  </div>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}

      {request.viewer.canComment ? (
        <div className="mt-4 border-t border-gray-200 pt-4">
          <CommentForm request={request} replyTo={null} />
        </div>
      ) : (
        <p className="mt-4 border-t border-gray-200 pt-3 text-[13px] text-gray-500">Your role can read comments but not add them.</p>
      )}
    </Card>
  );
}

function CommentBody({ comment }: { comment: Comment }) {
  return (
    <article>
      <header className="flex flex-wrap items-baseline gap-x-2 border-b border-gray-200 bg-gray-50 px-3 py-1.5 text-[13px]">
        <span className="font-semibold text-gray-900">{comment.authorName ?? comment.author}</span>
        {comment.authorName && <span className="break-all text-gray-600">{comment.author}</span>}
        <LocalTime iso={comment.createdAt} relative className="text-xs text-gray-600" />
        {comment.resolved && (
          <span className="rounded-full border border-green-300 bg-green-50 px-2 py-px text-xs font-medium text-green-800" title={`Marked answered by ${comment.resolved.by}`}>
            Answered
          </span>
        )}
      </header>
      <p className="px-3 py-2 break-words whitespace-pre-wrap text-gray-800">
        <MaskedText text={comment.body} />
      </p>
      {comment.notified.length > 0 && <p className="px-3 pb-2 text-xs break-words text-gray-600">Notified: {comment.notified.join(", ")}</p>}
    </article>
  );
}

/** The new-comment box (labelled `Comment`, button `Add comment`), or a thread's reply box. */
function CommentForm({ request, replyTo, onDone }: { request: RequestDetail; replyTo: string | null; onDone?: () => void }) {
  const add = useMutation(commentMutation(useQueryClient(), request.id));
  const [body, setBody] = useState("");
  const fieldId = useId();
  const hintId = useId();
  const isReply = replyTo !== null;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!body.trim()) return;
        add.mutate(
          { body, ...(replyTo && { replyTo }) },
          {
            onSuccess: () => {
              setBody("");
              onDone?.();
            },
          },
        );
      }}
    >
      <label htmlFor={fieldId} className="block text-[13px] font-medium text-gray-900">
        {isReply ? "Reply" : "Comment"}
      </label>
      <textarea
        id={fieldId}
        name="body"
        rows={isReply ? 2 : 3}
        maxLength={10_000}
        value={body}
        autoFocus={isReply}
        aria-describedby={hintId}
        onChange={(e) => setBody(e.target.value)}
        placeholder={isReply ? "Answer or follow up in this thread" : "Ask the agent's owner a question or note something for other reviewers"}
        className={`${TEXT_FIELD} resize-y`}
      />
      {add.isError && (
        <div className="mt-2">
          <ErrorPanel compact error={add.error} title={isReply ? "Your reply was not added" : "Your comment was not added"} />
        </div>
      )}
      <div className="mt-2 flex flex-wrap items-center justify-between gap-3">
        <p id={hintId} className="min-w-0 flex-1 text-xs text-gray-600">
          {MENTION_HINT}
        </p>
        <div className="flex shrink-0 gap-2">
          {isReply && (
            <button type="button" className={SECONDARY_BUTTON} onClick={onDone}>
              Cancel
            </button>
          )}
          <button type="submit" disabled={add.isPending || !body.trim()} className={PRIMARY_BUTTON}>
            {add.isPending ? "Adding…" : isReply ? "Add reply" : "Add comment"}
          </button>
        </div>
      </div>
    </form>
  );
}
