/**
 * A policy version as stored before policy documents (v1): one quorum for every request. It reads as
 * the equivalent document (policyDocumentFromVersion); new versions store the document itself.
 */
export type Policy = {
  id: string;
  version: number;
  name: string;
  requiredApprovals: number;
  approverGroups: string[];
  ttlSeconds: number;
};
