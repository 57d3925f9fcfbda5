import { describe, expect, it } from "vitest";
import { encodeQueueCursor, ZQueueCursor } from "./queue-cursor";

const position = { at: "2026-11-21 12:34:56.123456+00", id: "5b0c7f5e-0d9a-4f43-9a55-3c1b1c6f7e10" };

describe("queue cursors", () => {
  it("read back exactly the position they were made from, microseconds included", () => {
    expect(ZQueueCursor.parse(encodeQueueCursor(position))).toEqual(position);
  });

  it("refuse anything else with a message about the cursor, before it can reach SQL", () => {
    const forged = [
      "not-base64-json",
      Buffer.from(JSON.stringify({ ...position, at: "now'); drop table events; --" })).toString("base64url"),
      Buffer.from(JSON.stringify({ ...position, id: "1" })).toString("base64url"),
      Buffer.from(JSON.stringify({ ...position, extra: 1 })).toString("base64url"),
    ];
    for (const cursor of forged) {
      const result = ZQueueCursor.safeParse(cursor);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0].message).toMatch(/Not a cursor from a previous page/);
    }
  });
});
