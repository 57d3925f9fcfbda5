import "server-only";
import type { PolicyDocument } from "@/lib/domain/policy/document";
import { formatPolicyDocumentError, parsePolicyYaml, type PolicyDocumentError } from "@/lib/domain/policy/parse-document";
import { ServiceError } from "./errors";

/**
 * A document typed in the console's editor, or a refusal naming the line and field of each error
 * (problem+json `errors`, `line` kept in the message so the editor can point at it).
 */
export function parsePolicyDraft(yaml: string): PolicyDocument {
  const parsed = parsePolicyYaml(yaml);
  if (parsed.ok) return parsed.document;
  throw new ServiceError("VALIDATION", "The policy document is not valid.", parsed.errors.map(asFieldError));
}

function asFieldError(error: PolicyDocumentError): { path: string; message: string } {
  return { path: error.path || "document", message: formatPolicyDocumentError(error) };
}
