import { describe, expect, test } from "vitest";
import { groupMetrics, passAtK, passHatK, summarize } from "../../src/runs/metrics.js";
import type { EpisodeRecord } from "../../src/runtime/episode.js";

function episode(scenarioId: string, trial: number, score: number, extra: Partial<EpisodeRecord> = {}, metrics: Record<string, number | null> = {}): EpisodeRecord {
  return {
    scenarioId, gym: "travel", hash: "h", shape: scenarioId === "a" ? "2-2" : "3-3", trial, seed: trial, agent: "x", user: "builtin", maxReturn: 3, opening: "",
    turns: [], status: "terminated", return: score * 3, score, success: score === 1, terminated: true, truncated: false, turnCount: 4,
    invalidTurns: 0, simulatorFallbacks: 0, agentErrors: 0,
    metrics: { aspects: 2, bestAspects: score === 1 ? 2 : 0, correctAspects: 2, preferences: 4, elicitedActive: 2, elicitedPassive: 1, searches: 2, validSearches: 1, actions: 4, targetedActions: 2, firstBestTurn: score === 1 ? 6 : null, ...metrics },
    ...extra,
  };
}

describe("pass@k and pass^k", () => {
  test("match the closed forms", () => {
    expect(passAtK(4, 0, 1)).toBe(0);
    expect(passAtK(4, 4, 3)).toBe(1);
    expect(passAtK(4, 1, 1)).toBeCloseTo(0.25);
    expect(passAtK(4, 1, 2)).toBeCloseTo(1 - (3 / 4) * (2 / 3)); // 1 - C(3,2)/C(4,2) = 0.5
    expect(passAtK(5, 2, 3)).toBeCloseTo(1 - 1 / 10); // C(3,3)/C(5,3)
    expect(passHatK(4, 2, 2)).toBeCloseTo(1 / 6); // C(2,2)/C(4,2)
    expect(passHatK(4, 1, 2)).toBe(0);
    expect(passHatK(3, 3, 3)).toBe(1);
    expect(() => passAtK(2, 1, 3)).toThrow(RangeError);
  });
});

describe("group metrics", () => {
  test("means over episodes, pooled rates over aspects, preferences, searches and actions", () => {
    const m = groupMetrics([episode("a", 0, 1), episode("a", 1, 0.4, { agentErrors: 1, invalidTurns: 2, simulatorFallbacks: 3, turnCount: 6 })], 2);
    expect(m).toMatchObject({
      episodes: 2, scenarios: 1, meanScore: 0.7, meanReturn: 2.1, bestRate: 0.5, correctRate: 1,
      activeElicitation: 0.5, passiveElicitation: 0.25, validSearchRate: 0.5, validActionRate: 0.5,
      meanTurns: 5, firstBestTurn: 6, agentErrors: 1, invalidTurns: 2, simulatorFallbacks: 3,
    });
    expect(m.passAt).toEqual({ "1": 0.5, "2": 1 });
    expect(m.passHat).toEqual({ "1": 0.5, "2": 0 });
  });

  test("empty denominators are null; pass@k skips scenarios with fewer than k trials", () => {
    const m = groupMetrics([episode("a", 0, 1, {}, { searches: 0, validSearches: 0, actions: 0, targetedActions: 0 }), episode("b", 0, 0), episode("b", 1, 1)], 2);
    expect(m.validSearchRate).toBe(0.5); // a's 0 searches add nothing; b's pool 2 of 4
    expect(m.passAt["1"]).toBeCloseTo((1 + 0.5) / 2);
    expect(m.passAt["2"]).toBe(1); // only b has 2 trials
    const empty = groupMetrics([], 3);
    expect(empty).toMatchObject({ episodes: 0, meanScore: null, meanTurns: null, passAt: {} });
    expect(empty).not.toHaveProperty("bestRate"); // gym metrics appear only for gyms with episodes
    const noAnswers = groupMetrics([episode("a", 0, 0, {}, { aspects: 0, bestAspects: 0, correctAspects: 0 })], 1);
    expect(noAnswers.bestRate).toBeNull();
  });

  test("the summary groups by gym, shape and scenario and does not depend on finishing order", () => {
    const episodes = [episode("b", 1, 0.5), episode("a", 0, 1), episode("b", 0, 1)];
    const s = summarize(episodes, 2, false);
    expect(Object.keys(s.byShape)).toEqual(["2-2", "3-3"]);
    expect(Object.keys(s.byGym)).toEqual(["travel"]);
    expect(s.shapesByGym).toEqual({ travel: ["2-2", "3-3"] });
    expect(s.byScenario["b"]!.meanScore).toBe(0.75);
    expect(s.complete).toBe(false);
    expect(JSON.stringify(summarize([...episodes].reverse(), 2, false))).toBe(JSON.stringify(s));
  });
});
