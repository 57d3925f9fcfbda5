/**
 * The masking engine: secrets and personal data become `[kind:fingerprint]` placeholders before
 * anything is stored. Pure: no I/O, no clock.
 */
/** Recorded on every event that masked something; raised whenever what is detected changes. */
export const MASKING_ENGINE_VERSION = "1.2.0";

export type { CustomPattern, MaskCounts, MaskReasons, Masker } from "./types";
export type { CustomField } from "./structure/field-vocabulary";
export { InvalidFieldError } from "./structure/custom-fields";
export { VALUE_SHAPES } from "./structure/value-shapes";
export { createMasker } from "./create-masker";
export { InvalidPatternError } from "./detectors/custom-patterns";
export { describeMaskKind } from "./kinds";
export { PLACEHOLDER_PATTERN } from "./placeholder";
export { mergeCounts, mergeReasons } from "./counts";
