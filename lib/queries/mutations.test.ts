import { describe, expect, it } from "vitest";
import { attachmentFilename } from "./mutations";

describe("attachmentFilename", () => {
  it("takes the quoted file name the server sent", () => {
    expect(attachmentFilename('attachment; filename="countersign-evidence-2026-11-01.zip"', "x.zip")).toBe("countersign-evidence-2026-11-01.zip");
  });

  it("falls back when the header is missing or names a path", () => {
    expect(attachmentFilename(null, "x.zip")).toBe("x.zip");
    expect(attachmentFilename("attachment", "x.zip")).toBe("x.zip");
    expect(attachmentFilename('attachment; filename="../../etc/passwd"', "x.zip")).toBe("x.zip");
  });
});
