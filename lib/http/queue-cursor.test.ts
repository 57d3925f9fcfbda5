import { describe, expect, it } from "vitest";
import { encodeQueueCursor, ZQueueCursor } from "./queue-cursor";

const position = { at: "2026-11-21T12:34:56.123456Z", id: "5b0c7f5e-0d9a-4f43-9a55-3c1b1c6f7e10" };
const forge = (fields: object) => Buffer.from(JSON.stringify({ ...position, ...fields })).toString("base64url");

describe("queue cursors", () => {
  it("read back exactly the position they were made from, microseconds included", () => {
    expect(ZQueueCursor.parse(encodeQueueCursor(position))).toEqual(position);
  });

  it("refuse anything else with a message about the cursor, before it can reach SQL", () => {
    const forged = [
      "not-base64-json",
      forge({ at: "now'); drop table events; --" }),
      // The right shape but no such instant: PostgreSQL would refuse these with a 500.
      forge({ at: "2026-99-99T99:99:99.000000Z" }),
      forge({ at: "2026-02-30T12:00:00.000000Z" }),
      forge({ at: "2026-11-21 12:34:56.123456+00" }),
      forge({ id: "1" }),
      forge({ extra: 1 }),
    ];
    for (const cursor of forged) {
      const result = ZQueueCursor.safeParse(cursor);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/Not a cursor from a previous page/);
    }
  });
});
