import { classifyKey, type KeyRule } from "./key-names";
import type { FieldClassifier, FieldRule } from "./structure/field-vocabulary";
import type { ColumnClassifier, NamedColumn } from "./structure/tables";

/**
 * What one `maskText`/`maskJson` call has already worked out about key names and column headers,
 * shared by every string (and decoded layer) of that call: the keys of a JSON context (`password`,
 * `api_key`, `dob`) recur in string after string. Made per call and dropped with it, never kept on
 * the masker: a key-like word may itself hold a secret. One call uses one masker's classifiers.
 */
export class CallMemo {
  private readonly secretKeys = new Map<string, KeyRule | null>();
  private readonly fields = new Map<string, FieldRule | null>();
  private readonly columns = new Map<string, NamedColumn | null>();

  /** `classifyKey(key)`, once per distinct key per call. */
  secretKey(key: string): KeyRule | null {
    let rule = this.secretKeys.get(key);
    if (rule === undefined) this.secretKeys.set(key, (rule = classifyKey(key)));
    return rule;
  }

  /** `fields.classify(key)`, once per distinct key per call. */
  field(key: string, fields: FieldClassifier): FieldRule | null {
    let rule = this.fields.get(key);
    if (rule === undefined) this.fields.set(key, (rule = fields.classify(key)));
    return rule;
  }

  /** `classify(header)`, once per distinct column name per call. */
  column(header: string, classify: ColumnClassifier): NamedColumn | null {
    let column = this.columns.get(header);
    if (column === undefined) this.columns.set(header, (column = classify(header)));
    return column;
  }
}
