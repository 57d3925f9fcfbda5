import { keyWords } from "../key-names";
import type { CustomField } from "./field-vocabulary";
import { VALUE_SHAPES } from "./value-shapes";

/** A custom field masking cannot use: no words in its name, a kind that is not snake_case, an unknown shape. */
export class InvalidFieldError extends Error {
  readonly field: string;
  constructor(field: string, reason: string) {
    super(`Custom masking field "${field}" is invalid: ${reason}`);
    this.name = "InvalidFieldError";
    this.field = field;
  }
}

const KIND = /^[a-z][a-z0-9_]{0,63}$/;

/** Checks administrators' fields (MASKING_CUSTOM_FIELDS) as custom patterns are checked: at start. */
export function validateCustomFields(fields: CustomField[]): CustomField[] {
  for (const { field, kind, shape } of fields) {
    const words = keyWords(field);
    if (words.length === 0 || words.length > 5) throw new InvalidFieldError(field, "a field names 1 to 5 words, e.g. member_number");
    if (!KIND.test(kind)) throw new InvalidFieldError(field, "kind must be snake_case, e.g. member_number");
    if (shape !== undefined && !(VALUE_SHAPES as readonly string[]).includes(shape)) throw new InvalidFieldError(field, `shape must be one of ${VALUE_SHAPES.join(", ")}`);
  }
  return fields;
}
