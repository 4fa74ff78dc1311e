import { describe, expect, test } from "vitest";
import { AgentSpecError, createAgent } from "../../src/runtime/agents/registry.js";
import { oraclePlan } from "../../src/runtime/gyms/travel/plans.js";
import { createTravelSimulator } from "../../src/runtime/gyms/travel/simulators.js";
import { SimulatorSpecError } from "../../src/runtime/simulator-spec.js";
import { playScripted } from "../support/scripted-episode.js";
import { austinScenario } from "./runtime-fixtures.js";

describe("agent and simulator specs", () => {
  test("scripted specs resolve; unknown and not-yet-available specs are clear errors", () => {
    expect(createAgent("scripted:oracle").spec).toBe("scripted:oracle");
    expect(createAgent("scripted:null").spec).toBe("scripted:null");
    expect(createAgent("scripted:random").spec).toBe("scripted:random");
    expect(() => createAgent("scripted:genius")).toThrow(AgentSpecError);
    expect(() => createAgent("gpt-4o")).toThrow(/unknown agent 'gpt-4o' \(expected one of: scripted:oracle/);
    expect(createTravelSimulator("builtin").spec).toBe("builtin");
    expect(() => createTravelSimulator("oracle")).toThrow(SimulatorSpecError);
  });
});

describe("scripted agents", () => {
  test("the oracle reaches maxReturn exactly with a perfect score, in one-choice and multi-choice mode", async () => {
    const settings: Record<string, string>[] = [{}, { "knobs.one_choice": "false", "rewards.elicit": "0.6" }, { "rewards.step": "-0.01" }];
    for (const overrides of settings) {
      const scenario = austinScenario(overrides);
      const record = await playScripted("scripted:oracle", scenario);
      expect(record.return).toBe(scenario.maxReturn);
      expect(record).toMatchObject({ score: 1, success: true, status: "terminated", invalidTurns: 0 });
      expect(record.metrics).toMatchObject({ elicitedActive: 4, elicitedPassive: 0 });
    }
  });

  test("the oracle repeats a search that the 5th-search failure hits", async () => {
    const scenario = austinScenario({ "knobs.search_fail_every": "2" });
    const record = await playScripted("scripted:oracle", scenario);
    expect(record.turns.slice(0, 3).map((t) => t.reward)).toEqual([0.2, 0, 0.2]);
    expect(record.return).toBe(scenario.maxReturn);
  });

  test("the oracle's plan uses exact search arguments and one cue per preference", () => {
    const plan = oraclePlan(austinScenario());
    expect(plan[0]).toEqual({ choice: "search", content: "apartment city: Austin, check_in: 2025-11-10, check_out: 2025-11-15, guests: 4" });
    expect(plan.filter((a) => a.choice === "action")).toHaveLength(4);
    expect(plan.slice(-2)).toEqual([{ choice: "answer", content: "A4" }, { choice: "answer", content: "C1" }]);
  });

  test("the null agent finishes at once and earns nothing", async () => {
    const record = await playScripted("scripted:null", austinScenario());
    expect(record).toMatchObject({ return: 0, score: 0, turnCount: 1, status: "terminated", success: false });
  });

  test("the random agent is deterministic for a seed and varies across seeds", async () => {
    const scenario = austinScenario();
    const a = await playScripted("scripted:random", scenario, 11);
    const b = await playScripted("scripted:random", scenario, 11);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const others = await Promise.all([12, 13, 14].map((s) => playScripted("scripted:random", scenario, s)));
    expect(new Set(others.map((r) => JSON.stringify(r.turns.map((t) => t.raw)))).size).toBeGreaterThan(1);
    expect(a.invalidTurns).toBeLessThanOrEqual(a.turnCount);
  });
});
