/** The risk signals Countersign derives from a request itself (see risk-signals.ts); rules match on them. */
export const RISK_SIGNALS = ["terraform-destroys", "iam-wildcard", "sql-destructive", "production", "secrets-masked"] as const;
export type RiskSignal = (typeof RISK_SIGNALS)[number];
