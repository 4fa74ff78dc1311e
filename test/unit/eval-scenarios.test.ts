import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { playCheck } from "../../src/eval/play-check.js";
import { loadScenarios } from "../../src/runs/scenarios.js";
import { episodeSeed } from "../../src/runtime/rng.js";
import { playScripted } from "../support/scripted-episode.js";

/** Every scenario shipped in scenarios/travel: the oracle scores 1.0 (and reaches maxReturn), the null agent 0. */
const folder = join(import.meta.dirname, "..", "..", "scenarios", "travel");
const { scenarios } = loadScenarios([folder]);

describe("scenarios/travel under the scripted agents", () => {
  test("the folder compiles into at least one scenario", () => {
    expect(scenarios.length).toBeGreaterThan(0);
  });

  for (const scenario of scenarios) {
    test(`${scenario.id}: oracle 1.0 at maxReturn ${scenario.maxReturn}, null 0`, async () => {
      for (const trial of [0, 1]) {
        const seed = episodeSeed(0, scenario.id, trial);
        const oracle = await playScripted("scripted:oracle", scenario, seed, trial);
        expect(oracle.score).toBe(1);
        expect(oracle.return).toBeCloseTo(scenario.maxReturn, 6);
        const idle = await playScripted("scripted:null", scenario, seed, trial);
        expect(idle.score).toBe(0);
        expect(idle.return).toBe(0);
      }
    });
  }

  test("ubc check --play agrees", async () => {
    expect((await playCheck(scenarios)).problems).toEqual([]);
  });
});
