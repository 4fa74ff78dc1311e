import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadRuns } from "../../src/report/load.js";
import { userRlTable } from "../../src/report/userrl.js";
import type { EpisodeRecord, TurnLog } from "../../src/runtime/episode.js";
import { repoRoot } from "../support/cli.js";

/**
 * `ubc report --userrl`: the worked example of docs/report.md, read from the doc (its episodes
 * block and its result table), so the definitions and the code cannot drift apart; then the
 * rules one at a time on hand-made episodes.
 */

interface ExampleEpisode {
  gym: string;
  scenario: string;
  trial: number;
  aspects?: number;
  turns: { reward: number; answer?: string }[];
}

function episode(e: ExampleEpisode): EpisodeRecord {
  const turns: TurnLog[] = e.turns.map((t, i) => ({
    turn: i + 1,
    action: t.answer !== undefined ? { choice: "answer", content: `${t.answer[0]!.toUpperCase()}1` } : { choice: "action", content: "…" },
    raw: "",
    feedback: "",
    reward: t.reward,
    judgements: t.answer !== undefined ? [{ kind: "answer", source: "rule", value: { aspect: t.answer, option: "x", category: "best" } }] : [],
    counters: {},
    terminated: false,
    truncated: false,
  }));
  const total = turns.reduce((a, t) => a + t.reward, 0);
  return {
    scenarioId: e.scenario, gym: e.gym, hash: "h", shape: e.aspects ? Array(e.aspects).fill("1").join("-") : "s", trial: e.trial, seed: 0, agent: "a", user: "u",
    maxReturn: 1, opening: "", turns, status: "terminated", return: total, score: 0, success: false, terminated: true, truncated: false,
    turnCount: turns.length, invalidTurns: 0, simulatorFallbacks: 0, agentErrors: 0, metrics: e.aspects ? { aspects: e.aspects } : {},
  };
}

const doc = readFileSync(join(repoRoot, "docs/report.md"), "utf8");

describe("ubc report --userrl", () => {
  test("the worked example of docs/report.md gives the doc's table", () => {
    const block = /```json userrl-example\n([\s\S]*?)```/.exec(doc);
    expect(block, "the userrl-example block of docs/report.md").not.toBeNull();
    const table = userRlTable("example", (JSON.parse(block![1]!) as ExampleEpisode[]).map(episode));
    const rows = doc.slice(block!.index).split("\n").filter((l) => /^\| (\w+|weighted average) \| \d/.test(l)).map((l) => l.split("|").slice(1, -1).map((c) => c.trim()));
    expect(rows).toHaveLength(table.gyms.length + 1);
    for (const g of table.gyms) {
      const row = rows.find((r) => r[0] === g.gym)!;
      expect(row.slice(1).map(Number)).toEqual([g.items, g.episodes, g.microAvg, g.microMax, g.score]);
    }
    const average = rows.find((r) => r[0] === "weighted average")!;
    expect(Number(average[1])).toBe(table.items);
    expect(Number(average[5])).toBe(table.weightedAverage);
    // And the values themselves, as the doc derives them by hand.
    expect(table.gyms.map((g) => [g.gym, g.microAvg, g.microMax, g.score])).toEqual([["persuade", 0.5, 0.75, 0.5], ["travel", 0.55, 1, 0.65]]);
    expect(table.weightedAverage).toBe(0.55);
  });

  test("travel takes the last trial by trial number, whatever the order of the log", () => {
    const trials = [
      { gym: "travel", scenario: "t", trial: 2, aspects: 1, turns: [{ reward: 0.5, answer: "hotel" }] },
      { gym: "travel", scenario: "t", trial: 0, aspects: 1, turns: [{ reward: 1, answer: "hotel" }, { reward: 0 }] },
    ];
    const [travel] = userRlTable("r", trials.map(episode)).gyms;
    expect([travel!.microAvg, travel!.microMax, travel!.score, travel!.rule]).toEqual([0.5, 0.5, 0.75, "turns"]);
  });

  test("an episode without turns counts as 0; a repeated answer to one aspect counts once, at its best", () => {
    const table = userRlTable("r", [
      episode({ gym: "intention", scenario: "i", trial: 0, turns: [] }),
      episode({ gym: "intention", scenario: "i", trial: 1, turns: [{ reward: 1.2 }, { reward: 0.6 }] }),
      episode({ gym: "travel", scenario: "t", trial: 0, aspects: 3, turns: [{ reward: 0.8, answer: "car" }, { reward: 1, answer: "car" }, { reward: 0, answer: "flight" }] }),
    ]);
    expect(table.gyms.find((g) => g.gym === "intention")).toMatchObject({ items: 1, episodes: 2, microAvg: 0.9, microMax: 1.8, score: 0.9, rule: "episode" });
    expect(table.gyms.find((g) => g.gym === "travel")!.score).toBe(0.333333);
    expect(table.weightedAverage).toBe(round6((0.9 + 1 / 3) / 2));
    expect(userRlTable("empty", []).weightedAverage).toBeNull();
  });

  test("on a real eval run: the oracle picks every aspect's best option, so travel's leaderboard score is 1", () => {
    const [run] = loadRuns([join(repoRoot, "test/fixtures/report/oracle")], { scenarios: false });
    if (run?.kind !== "eval") throw new Error("the oracle fixture is an eval run");
    const table = userRlTable(run.label, run.episodes);
    const travel = table.gyms.find((g) => g.gym === "travel")!;
    expect(travel.score).toBe(1);
    for (const g of table.gyms.filter((x) => x.rule === "episode")) {
      const returns = run.episodes.filter((e) => e.gym === g.gym).map((e) => e.return);
      expect(g.microAvg).toBeCloseTo(returns.reduce((a, b) => a + b, 0) / returns.length, 6);
    }
  });
});

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
