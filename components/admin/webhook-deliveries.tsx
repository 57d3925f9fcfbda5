"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { replayDeliveryMutation, webhookDeliveriesQuery, type DeliveryView } from "@/lib/queries";
import { SECONDARY_BUTTON } from "../control-styles";
import { ErrorPanel } from "../error-panel";
import { ListSkeleton } from "../list-skeleton";
import { LocalTime } from "../local-time";

const STATUS_STYLE: Record<DeliveryView["status"], string> = {
  pending: "bg-amber-50 text-amber-900 ring-amber-200",
  delivered: "bg-green-50 text-green-900 ring-green-200",
  dead: "bg-red-50 text-red-900 ring-red-200",
};

/** A subscription's latest deliveries, each with every attempt; a dead letter can be sent again. */
export function WebhookDeliveries({ webhookId }: { webhookId: string }) {
  const queryClient = useQueryClient();
  const deliveries = useQuery(webhookDeliveriesQuery(webhookId));
  const replay = useMutation(replayDeliveryMutation(queryClient));
  if (deliveries.isPending) return <ListSkeleton rows={2} label="Loading deliveries…" />;
  if (deliveries.isError) return <ErrorPanel compact error={deliveries.error} title="The deliveries could not be loaded" onRetry={() => deliveries.refetch()} />;
  if (deliveries.data.length === 0) return <p className="text-[13px] text-gray-600">No deliveries yet: one is owed for each matching event from now on.</p>;
  return (
    <div className="space-y-2">
      {replay.isError && <ErrorPanel compact error={replay.error} title="The delivery was not replayed" />}
      <ul aria-label="Deliveries" className="divide-y divide-gray-100 rounded-md border border-gray-200">
        {deliveries.data.map((delivery) => (
          <li key={delivery.id} className="space-y-1 px-3 py-2 text-[13px]">
            <div className="flex flex-wrap items-center gap-2">
              <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${STATUS_STYLE[delivery.status]}`}>{delivery.status === "dead" ? "dead letter" : delivery.status}</span>
              <code className="font-mono text-gray-900">{delivery.eventType}</code>
              <span className="text-gray-500">
                event {delivery.eventId}, <LocalTime iso={delivery.createdAt} />
                {delivery.nextAttemptAt && delivery.attempts.length > 0 && (
                  <>
                    ; next try <LocalTime iso={delivery.nextAttemptAt} />
                  </>
                )}
              </span>
              {delivery.status === "dead" && (
                <button type="button" className={`${SECONDARY_BUTTON} ml-auto`} disabled={replay.isPending} onClick={() => replay.mutate(delivery.id)} aria-label={`Replay delivery of event ${delivery.eventId}`}>
                  Replay
                </button>
              )}
            </div>
            {delivery.attempts.length > 0 && (
              <ol aria-label={`Attempts for event ${delivery.eventId}`} className="ml-1 list-inside list-decimal text-xs text-gray-700">
                {delivery.attempts.map((attempt, index) => (
                  <li key={index}>
                    <LocalTime iso={attempt.attemptedAt} />: {attempt.statusCode ?? "no answer"}
                    {attempt.errorClass && attempt.errorClass !== "http_status" ? ` (${attempt.errorClass.replace("_", " ")})` : ""}, {attempt.durationMs} ms
                  </li>
                ))}
              </ol>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
