import { mergeCounts, mergeReasons, type MaskCounts, type MaskReasons, type Masker } from "./masking";

export type ActionRequestText = {
  action: string;
  resource: string;
  environment: string;
  summary: string;
  reasoning?: string;
  parameters: unknown;
  context?: unknown;
  change?: unknown;
};

export type MaskedActionRequest = {
  action: string;
  resource: string;
  environment: string;
  summary: string;
  reasoning: string | null;
  parameters: unknown;
  context: unknown;
  change: unknown;
  counts: MaskCounts;
  /** Why structures named values (kind -> "field `dob`" -> n), for the request page. */
  reasons: MaskReasons;
};

/**
 * Masks every part of a request that a person will see: a resource such as
 * `postgres://app:password@db/prod` is as sensitive as the parameters. The payload digest is taken
 * from the raw input before this runs; nothing downstream sees raw values.
 */
export function maskActionRequest(masker: Masker, input: ActionRequestText): MaskedActionRequest {
  const action = masker.maskText(input.action);
  const resource = masker.maskText(input.resource);
  const environment = masker.maskText(input.environment);
  const summary = masker.maskText(input.summary);
  const reasoning = input.reasoning === undefined ? undefined : masker.maskText(input.reasoning);
  const parameters = masker.maskJson(input.parameters);
  const context = input.context === undefined ? undefined : masker.maskJson(input.context);
  const change = input.change === undefined ? undefined : masker.maskJson(input.change);
  return {
    action: action.text,
    resource: resource.text,
    environment: environment.text,
    summary: summary.text,
    reasoning: reasoning?.text ?? null,
    parameters: parameters.value,
    context: context?.value ?? null,
    change: change?.value ?? null,
    counts: mergeCounts(action.counts, resource.counts, environment.counts, summary.counts, reasoning?.counts ?? {}, parameters.counts, context?.counts ?? {}, change?.counts ?? {}),
    reasons: mergeReasons(action.reasons, resource.reasons, environment.reasons, summary.reasons, reasoning?.reasons ?? {}, parameters.reasons, context?.reasons ?? {}, change?.reasons ?? {}),
  };
}
