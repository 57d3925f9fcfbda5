import "server-only";
import { desc, eq } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { appendEvents } from "@/db/event-store";
import { policies } from "@/db/schema";
import type { UserActor } from "@/lib/domain/actor";
import { policyDocumentSchema } from "@/lib/domain/policy/document";
import { isPolicyChange } from "@/lib/domain/policy/policy-change";
import { toRecordedActor } from "@/lib/domain/recorded-actor";
import type { RequestState } from "@/lib/domain/request/request-decider";
import type { ServiceContext } from "./service-context";

/**
 * Once a policy change is approved, in the same transaction as the approval: its document becomes the
 * policy's next version, recorded as `policy.changed`. Requests submitted after the commit follow it;
 * those already pending keep the version they recorded.
 */
export async function applyPolicyChange(tx: Transaction, ctx: ServiceContext<UserActor>, request: RequestState): Promise<void> {
  if (request.status !== "approved" || !isPolicyChange(request) || !request.policy) return;
  const [current] = await tx
    .select({ version: policies.version })
    .from(policies)
    .where(eq(policies.id, request.policy.id))
    .orderBy(desc(policies.version))
    .limit(1)
    // Two changes approved at once take turns: each becomes its own next version.
    .for("update");
  // Validated again: the stored proposal is what was reviewed, and an invalid one must not become policy.
  const document = policyDocumentSchema.parse((request.parameters as { document: unknown }).document);
  const version = (current?.version ?? 0) + 1;
  await tx.insert(policies).values({ id: request.policy.id, version, name: document.name, document, createdAt: ctx.now });
  await appendEvents(
    tx,
    [
      {
        type: "policy.changed",
        streamType: "policy",
        streamId: request.policy.id,
        actor: toRecordedActor(ctx.actor),
        data: { id: request.policy.id, version, document, changeRequestId: request.id, proposedBy: request.onBehalfOf, approvers: request.grant?.approvers ?? [] },
      },
    ],
    { now: ctx.now, correlationId: ctx.requestId },
  );
}
