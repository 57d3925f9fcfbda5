import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BUILD_INPUTS } from "./production-build";

/**
 * The image runs the launcher, which rebuilds the console when the hash of the build's inputs differs
 * from the stamp taken at build time, and a read-only container cannot rebuild. So the runtime stage
 * must carry every input the build stage hashed, byte for byte.
 */
describe("Dockerfile", () => {
  const dockerfile = readFileSync("Dockerfile", "utf8");
  const runtime = dockerfile.slice(dockerfile.indexOf("AS runtime"));
  const copied = new Set(
    runtime
      .split("\n")
      .filter((line) => line.startsWith("COPY ") && !line.includes("--from="))
      .flatMap((line) => line.split(/\s+/).slice(1, -1)),
  );

  it("copies every input of the build stamp into the runtime stage", () => {
    expect(dockerfile.indexOf("AS runtime")).toBeGreaterThan(-1);
    expect(copied.size).toBeGreaterThan(0);
    expect(BUILD_INPUTS.filter((input) => existsSync(input) && !copied.has(input))).toEqual([]);
  });

  it("copies what the launcher runs besides the build", () => {
    expect([...copied]).toEqual(expect.arrayContaining(["scripts"]));
  });
});
