import { describe, expect, it } from "vitest";
import { chainHash, eventHash, GENESIS_HASH, verifyChain, type HashableEvent } from "./event-chain";

const event = (id: number): HashableEvent => ({
  id, type: "request.created", streamType: "request", streamId: `r${id}`, actor: { kind: "agent", id: "a" }, data: { n: id },
  correlationId: "00000000-0000-4000-8000-000000000000", occurredAt: "2026-11-21T12:00:00.000Z",
});

function chain(n: number) {
  let prev = GENESIS_HASH;
  return Array.from({ length: n }, (_, i) => {
    const e = event(i + 1);
    const hash = eventHash(e);
    const link = { seq: i + 1, eventHash: hash, prevHash: prev, chainHash: chainHash(prev, hash), recomputedEventHash: hash };
    prev = link.chainHash;
    return link;
  });
}

describe("event chain", () => {
  it("verifies an intact chain and reports its head", () => {
    const links = chain(5);
    expect(verifyChain(links, 1, GENESIS_HASH)).toEqual({ ok: true, checked: 5, head: links[4].chainHash });
  });

  it("verifies an excerpt from the link before it", () => {
    const links = chain(5);
    expect(verifyChain(links.slice(2), 3, links[1].chainHash).ok).toBe(true);
  });

  it("detects altered content, a gap, a reordering and a forged link", () => {
    const altered = chain(4);
    altered[2] = { ...altered[2], recomputedEventHash: eventHash({ ...event(3), data: { n: 99 } }) };
    expect(verifyChain(altered, 1, GENESIS_HASH)).toMatchObject({ ok: false, brokenAt: 3 });

    const gap = chain(4);
    expect(verifyChain([gap[0], gap[2], gap[3]], 1, GENESIS_HASH)).toMatchObject({ ok: false, brokenAt: 3 });

    const swapped = chain(4);
    expect(verifyChain([swapped[1], swapped[0]], 1, GENESIS_HASH).ok).toBe(false);

    const forged = chain(3);
    forged[1] = { ...forged[1], chainHash: "f".repeat(64) };
    expect(verifyChain(forged, 1, GENESIS_HASH)).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it("names a link whose event does not exist", () => {
    const links = chain(3).map((link) => (link.seq === 2 ? { ...link, recomputedEventHash: null } : link));
    expect(verifyChain(links, 1, GENESIS_HASH)).toEqual({ ok: false, checked: 1, brokenAt: 2, problem: "the link seals an event that does not exist" });
  });

  it("hashes the canonical form, so key order does not matter but values do", () => {
    const e = { ...event(1), data: { alpha: 1, beta: { x: true, y: [1, 2] } } };
    expect(eventHash({ ...e, data: { beta: { y: [1, 2], x: true }, alpha: 1 } })).toBe(eventHash(e));
    expect(eventHash({ ...e, data: { alpha: 1, beta: { x: true, y: [2, 1] } } })).not.toBe(eventHash(e));
    expect(eventHash({ ...e, occurredAt: "2026-11-21T12:00:00.001Z" })).not.toBe(eventHash(e));
  });
});
