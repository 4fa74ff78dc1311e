import { describe, expect, test } from "vitest";
import { applyOverrides, applyRunOverrides, OverrideError, parseOverride, parseOverrides } from "../../src/runtime/overrides.js";
import { persuadeScenario } from "../support/gym-fixtures.js";
import { austinScenario } from "./runtime-fixtures.js";

describe("run-time overrides", () => {
  test("apply to a copy, keep the hash, and recompute maxReturn", () => {
    const base = austinScenario();
    const changed = applyOverrides(base, { "rewards.elicit": "0.6", "knobs.max_turns": "16", "knobs.one_choice": "false", "knobs.clip": "-1..1" });
    expect(changed.rewards.elicit).toBe(0.6);
    expect(changed.knobs).toMatchObject({ max_turns: 16, one_choice: false, clip: { low: -1, high: 1 } });
    expect(changed.hash).toBe(base.hash);
    expect(base.rewards.elicit).toBe(0.2);
    // 2 searches x 0.2 + 4 preferences x 0.6 + apartment (2 other correct x 0.8 + best 1) + car (1 x 0.8 + 1)
    expect(changed.maxReturn).toBe(7.2);
    expect(applyOverrides(base, {})).toBe(base);
    expect(applyOverrides(base, { "knobs.clip": "none" }).knobs.clip).toBeNull();
  });

  test("unknown keys and ill-typed values are clear errors", () => {
    const base = austinScenario();
    expect(() => applyOverrides(base, { "rewards.elict": "1" })).toThrow("unknown setting 'rewards.elict' for travel scenario 'austin_family'; did you mean 'rewards.elicit'?");
    expect(() => applyOverrides(base, { "title": "x" })).toThrow(OverrideError);
    expect(() => applyOverrides(base, { "knobs.max_turns.x": "1" })).toThrow(/unknown setting/);
    expect(() => applyOverrides(base, { "rewards.best": "lots" })).toThrow("rewards.best: 'lots' is not a number");
    expect(() => applyOverrides(base, { "knobs.one_choice": "maybe" })).toThrow("knobs.one_choice: 'maybe' is not true or false");
    expect(() => applyOverrides(base, { "knobs.max_turns": "0" })).toThrow("knobs.max_turns: 0 is below the minimum 1");
    expect(() => applyOverrides(base, { "knobs.max_turns": "2.5" })).toThrow("knobs.max_turns: 2.5 is not a whole number");
    expect(() => applyOverrides(base, { "rewards.step": "0.1" })).toThrow("rewards.step: 0.1 is above the maximum 0");
    expect(() => applyOverrides(base, { "knobs.clip": "wide" })).toThrow(/not a range/);
    expect(() => applyOverrides(base, { "knobs.search_fail_every": "1" })).toThrow(/1 makes every search fail/);
    expect(() => applyOverrides(base, { "rewards.correct": "1.2" })).toThrow(/rewards.correct \(1.2\) is above rewards.best \(1\)/);
  });

  test("key=value parsing", () => {
    expect(parseOverride(" rewards.elicit = 0.6 ")).toEqual(["rewards.elicit", "0.6"]);
    expect(() => parseOverride("rewards.elicit")).toThrow(/expected key=value/);
    expect(parseOverrides(["a.b=1", "a.b=2", "c.d=x=y"])).toEqual({ "a.b": "2", "c.d": "x=y" });
  });

  test("a run's overrides: each key to the gyms that have it, a scoped key to its gym, later keys win", () => {
    const [travel, persuade] = applyRunOverrides([austinScenario(), persuadeScenario()], {
      "travel.rewards.elicit": "0.6",
      "rewards.elicit": "0.5",
      "knobs.max_turns": "16",
      "persuade.knobs.max_turns": "12",
    });
    expect(travel!.rewards).toMatchObject({ elicit: 0.5 });
    expect(travel!.knobs.max_turns).toBe(16);
    expect(persuade!.knobs.max_turns).toBe(12);
    expect(persuade!.rewards).not.toHaveProperty("elicit");
    expect(applyRunOverrides([austinScenario()], { "rewards.elicit": "0.5", "travel.rewards.elicit": "0.7" })[0]!.rewards.elicit).toBe(0.7);
  });

  test("a key no scenario of the run has is refused; rebuilding part of a run (not strict) passes over it", () => {
    expect(() => applyRunOverrides([persuadeScenario()], { "rewards.elicit": "0.6" })).toThrow("unknown setting 'rewards.elicit': no gym of this run (persuade) has it");
    expect(() => applyRunOverrides([persuadeScenario()], { "travel.knobs.max_turns": "9" })).toThrow("--set travel.knobs.max_turns: this run has no travel scenario (its gyms: persuade)");
    expect(() => applyRunOverrides([austinScenario()], { "travel.rewards.elict": "1" })).toThrow("unknown setting 'travel.rewards.elict': travel scenarios do not have it; did you mean 'travel.rewards.elicit'?");
    const [persuade] = applyRunOverrides([persuadeScenario()], { "rewards.elicit": "0.6", "travel.knobs.max_turns": "9", "knobs.max_turns": "11" }, { strict: false });
    expect(persuade!.knobs.max_turns).toBe(11);
  });
});
