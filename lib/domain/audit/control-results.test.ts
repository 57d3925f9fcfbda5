import { describe, expect, it } from "vitest";
import { controlDays, summariseControls } from "./control-results";
import { CHECK_IDS, type CheckTallies } from "../evidence-pack/controls/control-checks";

const at = (iso: string) => new Date(iso);
const empty = () => Object.fromEntries(CHECK_IDS.map((id) => [id, { population: 0, exceptions: 0 }])) as CheckTallies;

describe("controlDays", () => {
  it("widens a period to the whole UTC days it touches", () => {
    expect(controlDays({ from: at("2026-11-24T13:05:00Z"), to: at("2026-12-01T13:05:00Z") })).toEqual({ from: at("2026-11-24T00:00:00Z"), to: at("2026-12-02T00:00:00Z") });
  });
  it("keeps a period that already starts and ends at midnight", () => {
    expect(controlDays({ from: at("2026-11-01T00:00:00Z"), to: at("2026-12-01T00:00:00Z") })).toEqual({ from: at("2026-11-01T00:00:00Z"), to: at("2026-12-01T00:00:00Z") });
  });
});

describe("summariseControls", () => {
  it("applies the matrix's rule: exceptions, effective, not applicable, population only", () => {
    const tallies = empty();
    tallies["independent-approval"] = { population: 4, exceptions: 1 };
    tallies["grant-before-execution"] = { population: 3, exceptions: 0 };
    const result = Object.fromEntries(summariseControls(tallies).controls.map((c) => [c.id, c.result]));
    expect(result).toMatchObject({ "A.5.3": "exceptions", "A.5.15": "effective", "A.8.32": "not applicable", "A.5.16": "population only", "A.5.28": "re-performed by verify" });
  });
});
