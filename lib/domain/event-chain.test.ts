import { assert, describe, expect, it } from "vitest";
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
    expect(verifyChain(links, 1, GENESIS_HASH)).toEqual({ ok: true, checked: 5, head: links[4]?.chainHash });
  });

  it("verifies an excerpt from the link before it", () => {
    const links = chain(5);
    const [, second, ...rest] = links;
    assert.isDefined(second);
    expect(verifyChain(rest, 3, second.chainHash).ok).toBe(true);
  });

  it("detects altered content, a gap, a reordering and a forged link", () => {
    const [a1, a2, a3, a4] = chain(4);
    assert(a1 && a2 && a3 && a4);
    const altered = [a1, a2, { ...a3, recomputedEventHash: eventHash({ ...event(3), data: { n: 99 } }) }, a4];
    expect(verifyChain(altered, 1, GENESIS_HASH)).toMatchObject({ ok: false, brokenAt: 3 });

    expect(verifyChain([a1, a3, a4], 1, GENESIS_HASH)).toMatchObject({ ok: false, brokenAt: 3 }); // a gap

    expect(verifyChain([a2, a1], 1, GENESIS_HASH).ok).toBe(false); // swapped

    const forged = [a1, { ...a2, chainHash: "f".repeat(64) }, a3];
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
