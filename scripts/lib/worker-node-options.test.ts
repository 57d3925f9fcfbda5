import { describe, expect, it } from "vitest";
import { WORKER_NODE_OPTIONS, workerNodeOptions } from "./worker-node-options";

describe("workerNodeOptions", () => {
  it("keeps the operator's own NODE_OPTIONS and adds the worker's after them", () => {
    expect(workerNodeOptions(" --max-old-space-size=512 ")).toBe(`--max-old-space-size=512 ${WORKER_NODE_OPTIONS}`);
  });

  it("is the worker's alone when the operator set none", () => {
    expect(workerNodeOptions(undefined)).toBe(WORKER_NODE_OPTIONS);
    expect(workerNodeOptions("")).toBe(WORKER_NODE_OPTIONS);
  });
});
