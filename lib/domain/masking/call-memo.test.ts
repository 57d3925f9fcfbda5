import { describe, expect, it } from "vitest";
import { CallMemo } from "./call-memo";
import { createFieldClassifier, type FieldClassifier } from "./structure/field-vocabulary";

/** The real vocabulary, counting how often it is asked. */
function counted(): { fields: FieldClassifier; calls: () => number } {
  const real = createFieldClassifier([]);
  let calls = 0;
  return {
    fields: { ...real, classify: (key) => (calls++, real.classify(key)) },
    calls: () => calls,
  };
}

describe("call memo", () => {
  it("classifies a key once per call, with the classifier's own answer, null included", () => {
    const { fields, calls } = counted();
    const memo = new CallMemo();
    expect(memo.field("customer_dob", fields)).toEqual(createFieldClassifier([]).classify("customer_dob"));
    expect(memo.field("customer_dob", fields)?.kind).toBe("date_of_birth");
    expect(memo.field("order_id", fields)).toBeNull();
    expect(memo.field("order_id", fields)).toBeNull();
    expect(calls()).toBe(2);
    expect(memo.secretKey("db_password")).toEqual(memo.secretKey("db_password"));
    expect(memo.secretKey("db_password")?.kind).toBeTruthy();
  });

  it("keeps nothing between calls: a new memo asks again", () => {
    const { fields, calls } = counted();
    new CallMemo().field("dob", fields);
    new CallMemo().field("dob", fields);
    expect(calls()).toBe(2);
  });
});
