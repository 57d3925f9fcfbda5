import { z } from "zod";
import { MAX_POLICY_DOCUMENT_CHARS } from "@/lib/domain/policy/parse-document";

/** The console editor's draft, as its routes receive it: the YAML as typed. */
export const ZPolicyDraft = z.object({ yaml: z.string().max(MAX_POLICY_DOCUMENT_CHARS) }).strict();

/** How many past requests a console simulation may replay at most: enough to judge, cheap to answer. */
const SIMULATION_MAX_LAST = 1000;

export const ZPolicyTrial = ZPolicyDraft.extend({
  last: z.number().int().min(1).max(SIMULATION_MAX_LAST).default(100),
  test: z
    .object({
      action: z.string().trim().min(1).max(200),
      resource: z.string().max(2000).default(""),
      environment: z.string().trim().min(1).max(100).default("production"),
      agent: z.string().max(200).default(""),
      parameters: z.json().default({}),
    })
    .strict()
    .optional(),
}).strict();
