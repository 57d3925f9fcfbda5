import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { appendLeaves, EMPTY_RANGE, rangeRoot } from "./compact-range";
import { consistencyProof, verifyConsistency } from "./consistency-proof";
import { inclusionProof, verifyInclusion } from "./inclusion-proof";
import { EMPTY_ROOT, eventLeafHash, leafHash, nodeHash, treeRoot } from "./tree-hash";

// Published vectors, copied (values only) from github.com/transparency-dev/merkle (Apache-2.0):
// testonly/constants.go (RFC 6962's reference leaf inputs, roots and compact trees),
// rfc6962/rfc6962_test.go (hasher), and testdata/{inclusion,consistency}/N/happy-path.json.
const hex = (h: string) => Buffer.from(h, "hex");
const b64 = (h: string) => Buffer.from(h, "base64");

const LEAF_INPUTS = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"].map(hex);
const ROOTS = [
  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];
const LEAVES = LEAF_INPUTS.map(leafHash);

const INCLUSION = [
  { leafIdx: 0, treeSize: 1, proof: [] },
  { leafIdx: 0, treeSize: 8, proof: ["lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=", "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=", "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="] },
  { leafIdx: 5, treeSize: 8, proof: ["vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=", "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=", "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="] },
  { leafIdx: 2, treeSize: 3, proof: ["+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU="] },
  { leafIdx: 1, treeSize: 5, proof: ["bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=", "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=", "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms="] },
];
const CONSISTENCY = [
  { size1: 1, size2: 1, proof: [] },
  { size1: 1, size2: 8, proof: ["lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=", "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=", "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="] },
  { size1: 6, size2: 8, proof: ["DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=", "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=", "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="] },
  { size1: 2, size2: 5, proof: ["Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=", "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms="] },
  { size1: 6, size2: 7, proof: ["DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=", "sIaT7C5yFZcTBkHoIR5+7cy0wmQTlj7ubB4u0W/7Gl8=", "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="] },
];

describe("RFC 6962 Merkle tree, published vectors", () => {
  it("hashes leaves and nodes with their domain prefixes", () => {
    expect(EMPTY_ROOT.toString("hex")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(leafHash(Buffer.alloc(0)).toString("hex")).toBe("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
    expect(leafHash(Buffer.from("L123456")).toString("hex")).toBe("395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56");
    expect(nodeHash(Buffer.from("N123"), Buffer.from("N456")).toString("hex")).toBe("aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb");
  });

  it("computes the reference root of every prefix, whole and through the compact range", () => {
    ROOTS.forEach((root, size) => {
      expect(treeRoot(LEAVES, size).toString("hex")).toBe(root);
      expect(rangeRoot(appendLeaves(EMPTY_RANGE, LEAVES.slice(0, size))).toString("hex")).toBe(root);
    });
  });

  it("keeps the reference compact range (one perfect subtree per set bit of the size)", () => {
    const range = appendLeaves(EMPTY_RANGE, LEAVES.slice(0, 7));
    expect(range.hashes.map((h) => h.toString("hex"))).toEqual([
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
    ]);
  });

  it.each(INCLUSION)("produces and verifies the published inclusion proof of leaf $leafIdx in $treeSize", ({ leafIdx, treeSize, proof }) => {
    const expected = proof.map(b64);
    expect(inclusionProof(LEAVES, leafIdx, treeSize)).toEqual(expected);
    expect(verifyInclusion(leafIdx, treeSize, LEAVES[leafIdx] as Buffer, expected, hex(ROOTS[treeSize] as string))).toBe(true);
  });

  it.each(CONSISTENCY)("produces and verifies the published consistency proof from $size1 to $size2", ({ size1, size2, proof }) => {
    const expected = proof.map(b64);
    expect(consistencyProof(LEAVES, size1, size2)).toEqual(expected);
    expect(verifyConsistency(size1, size2, hex(ROOTS[size1] as string), hex(ROOTS[size2] as string), expected)).toBe(true);
  });
});

describe("event leaves", () => {
  it("hash 0x00 then the event's canonical JSON: the bytes the chain's eventHash covers", () => {
    const event = {
      id: 7, type: "request.created", streamType: "request", streamId: "r7", actor: { kind: "agent", id: "a" }, data: { b: 1, a: "é" },
      correlationId: "c", occurredAt: "2026-11-21T12:00:00.000Z",
    };
    const json = '{"actor":{"id":"a","kind":"agent"},"correlationId":"c","data":{"a":"é","b":1},"id":7,"occurredAt":"2026-11-21T12:00:00.000Z","streamId":"r7","streamType":"request","type":"request.created"}';
    expect(eventLeafHash(event).toString("hex")).toBe(createHash("sha256").update(Buffer.concat([Buffer.from([0]), Buffer.from(json, "utf8")])).digest("hex"));
    expect(eventLeafHash({ ...event, extra: "not hashed" } as typeof event)).toEqual(eventLeafHash(event));
  });
});
