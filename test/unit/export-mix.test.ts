import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadScenarios } from "../../src/runs/scenarios.js";
import { applyQuota, seededOrder } from "../../src/export/mix.js";
import { ExportUsageError, parseGymList, parseMix, quotaCount, quotaText } from "../../src/export/mix-spec.js";
import { selectScenarios } from "../../src/export/selection.js";
import { matchIds } from "../../src/export/split-from.js";
import { repoRoot } from "../support/cli.js";

const { scenarios } = loadScenarios([join(repoRoot, "scenarios")]);
const ofGym = (gym: string) => scenarios.filter((s) => s.gym === gym);
const base = { seed: 42, testFraction: 0.1 };

describe("--mix / --test-mix quotas", () => {
  test("counts, fractions and max/min parse; commas inside max(...) belong to the quota", () => {
    const spec = parseMix("travel=0.35,function=200,*=max(50,0.5)");
    expect([...spec.keys()]).toEqual(["travel", "function", "*"]);
    expect(spec.get("travel")).toEqual({ kind: "fraction", value: 0.35 });
    expect(spec.get("function")).toEqual({ kind: "count", value: 200 });
    expect(spec.get("*")).toEqual({ kind: "max", terms: [{ kind: "count", value: 50 }, { kind: "fraction", value: 0.5 }] });
    expect([...spec.values()].map(quotaText)).toEqual(["0.35", "200", "max(50,0.5)"]);
    expect(quotaText(parseMix("a=1.0").get("a")!)).toBe("1.0");
  });

  test("bad quotas are usage errors that say what is expected", () => {
    for (const bad of ["travel", "travel=1.5", "travel=-1", "travel=abc", "travel=max(1,max(2,3))", "travel=max(1)", "Travel=1", "travel=1,travel=2", "travel=0.5x"]) {
      expect(() => parseMix(bad), bad).toThrow(ExportUsageError);
    }
    expect(() => parseGymList("telepathy,*")).toThrow(ExportUsageError);
    expect(parseGymList("telepathy, intention,telepathy")).toEqual(["telepathy", "intention"]);
  });

  test("a fraction keeps floor(n × f) in floating point, as Python's int() in merge_customize.py", () => {
    expect(quotaCount({ kind: "fraction", value: 0.35 }, 20)).toBe(7);
    // 100 × 0.29 is 28.999999999999996 in binary floating point; Python's int() gives 28 too.
    expect(quotaCount({ kind: "fraction", value: 0.29 }, 100)).toBe(28);
    expect(quotaCount({ kind: "count", value: 200 }, 460)).toBe(200);
    expect(quotaCount({ kind: "count", value: 200 }, 78)).toBe(78);
    // The seed's test quota max(50, int(n × 0.5)): tau's 165 test rows keep 82, turtle's 48 keep all 48.
    const testQuota = parseMix("*=max(50,0.5)").get("*")!;
    expect(quotaCount(testQuota, 165)).toBe(82);
    expect(quotaCount(testQuota, 48)).toBe(48);
    expect(quotaCount(parseMix("*=min(3,0.5)").get("*")!, 100)).toBe(3);
  });

  test("the seeded order is a permutation that depends on (seed, split, gym) only", () => {
    const travel = ofGym("travel");
    const order = seededOrder(travel, (s) => s.id, 42, "train", "travel").map((s) => s.id);
    expect([...order].sort()).toEqual(travel.map((s) => s.id).sort());
    expect(seededOrder([...travel].reverse(), (s) => s.id, 42, "train", "travel").map((s) => s.id)).toEqual(order);
    expect(seededOrder(travel, (s) => s.id, 43, "train", "travel").map((s) => s.id)).not.toEqual(order);
    expect(applyQuota(travel, { kind: "count", value: 4 }, 42, "train", "travel").map((s) => s.id)).toEqual(order.slice(0, 4));
    expect(applyQuota(travel, undefined, 42, "train", "travel")).toHaveLength(travel.length);
  });
});

describe("selecting the rows of each split", () => {
  test("--split-from puts exactly the listed ids in test; an imported record id names its scenario too", () => {
    const listed = ["austin_family", "bathroom_leak", "no_such_scenario"];
    const selection = selectScenarios(scenarios, { ...base, splitFrom: listed });
    expect([...selection.testIds].sort()).toEqual(["austin_family", "bathroom_leak"]);
    expect(selection.scenarios).toHaveLength(scenarios.length);
    expect(selection.unknownIds).toEqual(["no_such_scenario"]);
    expect(selection.warnings.join("\n")).toMatch(/1 of 3 listed ids name no scenario.*no_such_scenario/);
    // `ubc import userrl-persuade` names record "ai-essays" persuade_ai_essays: the record id finds it.
    const renamed = scenarios.map((s) => (s.id === "ai_essays" ? { ...s, id: "persuade_ai_essays" } : s));
    expect([...matchIds(["ai-essays"], renamed).testIds]).toEqual(["persuade_ai_essays"]);
  });

  test("a list naming nothing of the input is an error, not an empty test set", () => {
    expect(() => selectScenarios(scenarios, { ...base, splitFrom: ["x", "y"] })).toThrow(/none of the 2 listed ids/);
  });

  test("held-out gyms are test-only, quotas cut each gym's split, and other gyms are untouched", () => {
    const mix = parseMix("travel=0.5");
    const testMix = parseMix("*=max(3,0.5)");
    const selection = selectScenarios(scenarios, { ...base, holdout: ["intention"], mix, testMix });
    const n = (gym: string) => ofGym(gym).length;
    expect(selection.byGym.intention).toEqual({ available: { train: 0, test: n("intention") }, heldOut: 0, selected: { train: 0, test: Math.max(3, Math.floor(n("intention") / 2)) } });
    const travel = selection.byGym.travel!;
    expect(travel.available.train + travel.available.test).toBe(n("travel"));
    expect(travel.selected.train).toBe(Math.floor(travel.available.train * 0.5));
    expect(selection.byGym.persuade!.selected.train).toBe(selection.byGym.persuade!.available.train);
    const test = selection.scenarios.filter((s) => selection.testIds.has(s.id));
    expect(test.filter((s) => s.gym === "intention")).toHaveLength(selection.byGym.intention!.selected.test);
    expect(selection.scenarios.filter((s) => s.gym === "intention").every((s) => selection.testIds.has(s.id))).toBe(true);
  });

  test("with --split-from a held-out gym keeps exactly its listed scenarios, in test; the others are written nowhere", () => {
    const selection = selectScenarios(scenarios, { ...base, splitFrom: ["bathroom_leak", "used_car", "ai_essays"], holdout: ["intention"] });
    const intention = selection.scenarios.filter((s) => s.gym === "intention").map((s) => s.id);
    expect(intention).toEqual(["bathroom_leak", "used_car"]);
    expect(intention.every((id) => selection.testIds.has(id))).toBe(true);
    expect(selection.byGym.intention).toMatchObject({ available: { train: 0, test: 2 }, heldOut: ofGym("intention").length - 2 });
    expect(selection.byGym.persuade).toMatchObject({ available: { train: ofGym("persuade").length - 1, test: 1 }, heldOut: 0 });
  });

  test("one gym's quota never changes another gym's rows; same inputs and seed, same selection", () => {
    const a = selectScenarios(scenarios, { ...base, mix: parseMix("travel=0.5,persuade=3") });
    const b = selectScenarios(scenarios, { ...base, mix: parseMix("travel=0.5") });
    const ids = (sel: typeof a, gym: string) => sel.scenarios.filter((s) => s.gym === gym).map((s) => s.id);
    expect(ids(a, "travel")).toEqual(ids(b, "travel"));
    expect(ids(a, "persuade")).toHaveLength(3 + a.byGym.persuade!.selected.test);
    expect(selectScenarios([...scenarios].reverse(), { ...base, mix: parseMix("travel=0.5,persuade=3") })).toEqual(a);
  });

  test("a known gym the input lacks is a warning, an unknown name a usage error", () => {
    const travelOnly = ofGym("travel");
    const selection = selectScenarios(travelOnly, { ...base, holdout: ["intention"], mix: parseMix("persuade=2") });
    expect(selection.warnings).toEqual(["--mix names gym 'persuade', but the input has no persuade scenario", "--holdout names gym 'intention', but the input has no intention scenario"]);
    expect(() => selectScenarios(scenarios, { ...base, holdout: ["travle"] })).toThrow(ExportUsageError);
    expect(() => selectScenarios(scenarios, { ...base, testMix: parseMix("telepathyy=2") })).toThrow(/unknown gym 'telepathyy' \(known: .*travel/);
  });
});
