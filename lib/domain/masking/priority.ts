/**
 * When findings overlap, the merged span takes the kind of the highest priority: a documented
 * format says more than a structure, which says more than the name of the field it sits in.
 */
export const PRIORITY = {
  wholeFile: 120,
  format: 100,
  custom: 90,
  structure: 80,
  context: 60,
  /** A value whose field or column names it (`dob`, `ssn`): more telling than a guess from its format. */
  field: 55,
  personal: 50,
  encoded: 40,
} as const;
