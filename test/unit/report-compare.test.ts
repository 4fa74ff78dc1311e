import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { EpisodeRecord } from "../../src/runtime/episode.js";
import { ablationCell, ablationTable } from "../../src/report/ablation.js";
import { choiceComparison, episodeMode } from "../../src/report/choice.js";
import { buildReportText } from "../../src/report/index.js";
import { loadRun, loadRuns, ReportInputError, type EvalRun, type TrainRun } from "../../src/report/load.js";
import { buildReport } from "../../src/report/model.js";
import { groupedBarChart } from "../../src/report/svg.js";

const fixtures = join(import.meta.dirname, "../fixtures/report");
const dir = (name: string) => join(fixtures, name);

function episode(partial: Partial<EpisodeRecord>): EpisodeRecord {
  return {
    scenarioId: "s", gym: "travel", hash: "h", shape: "2-2", trial: 0, seed: 0, agent: "a", user: "builtin", maxReturn: 1, opening: "hi",
    turns: [], status: "terminated", return: 0, score: 0, success: false, terminated: true, truncated: false,
    turnCount: 0, invalidTurns: 0, simulatorFallbacks: 0, agentErrors: 0, metrics: {}, ...partial,
  };
}

function run(label: string, oneChoice: boolean | undefined, episodes: EpisodeRecord[], overrides: Record<string, string> = {}): EvalRun {
  const ids = [...new Set(episodes.map((e) => e.scenarioId))];
  return {
    kind: "eval", label, dir: label, episodes, scenarios: null,
    info: { agent: "a", user: "builtin", trials: 1, seed: 0, overrides, scenarios: ids.map((id) => ({ id, gym: "travel", shape: "2-2", ...(oneChoice !== undefined && { knobs: { one_choice: oneChoice } }) })) },
  };
}

describe("the ablation table of ubc train --compare", () => {
  test("compare.json loads as a train run without curves; the grid, the best cell and the settings", () => {
    const loaded = loadRun(dir("compare")) as TrainRun;
    expect(loaded.kind).toBe("train");
    expect(loaded.iterations).toEqual([]);
    const file = JSON.parse(readFileSync(join(dir("compare"), "compare.json"), "utf8"));
    const table = ablationTable(loaded.compare!.settings, loaded.compare!.cells);
    expect(table.turnCredits).toEqual(["naive", "equalized", "r2g", "em"]);
    expect(table.trajectoryScores).toEqual(["sum", "mean", "r2g"]);
    expect(table.cells).toHaveLength(12);
    const bestScore = Math.max(...file.rows.map((r: { finalMeanScore: number }) => r.finalMeanScore));
    expect(table.best!.finalMeanScore).toBe(bestScore);
    const first = file.rows[0];
    expect(ablationCell(table, first.turnCredit, first.trajectoryScore)).toMatchObject({ finalMeanScore: first.finalMeanScore, greedyMeanScore: first.greedyMeanScore, finalScoreByGym: first.finalScoreByGym });
    expect(table.settings).toContain("scenarios=austin_family");
    expect(table.settings).toContain("iterations=2");
  });

  test("hand-made grid: best on ties is the first, a missing greedy score is null", () => {
    const t = ablationTable({}, [
      { turnCredit: "a", trajectoryScore: "x", finalMeanScore: 0.5, finalScoreByGym: {}, greedyMeanScore: null },
      { turnCredit: "b", trajectoryScore: "x", finalMeanScore: 0.7, finalScoreByGym: {}, greedyMeanScore: 0.9 },
      { turnCredit: "b", trajectoryScore: "y", finalMeanScore: 0.7, finalScoreByGym: {}, greedyMeanScore: 0.1 },
    ]);
    expect(t.best).toMatchObject({ turnCredit: "b", trajectoryScore: "x" });
    expect(ablationCell(t, "a", "y")).toBeUndefined();
  });

  test("rendered in the Training section, HTML and Markdown", () => {
    const html = buildReportText([dir("train"), dir("compare")], "html");
    const training = html.slice(html.indexOf('<section id="training">'), html.indexOf('<section id="errors">'));
    expect(training).toContain('<table class="ablation">');
    expect(training.match(/<tr>/g)!.length).toBe(1 + 4);
    expect(training).toContain("(best)");
    const md = buildReportText([dir("train"), dir("compare")], "md");
    expect(md).toContain("Ablation of compare");
    expect(md).toMatch(/\| naive \| [0-9.]+ \([0-9.]+\)/);
    expect(md).toContain("**best**");
  });

  test("a damaged compare.json is an error naming the file and row", () => {
    const work = join(mkdtempSync(join(tmpdir(), "ubc-report-compare-")), "bad");
    mkdirSync(work);
    writeFileSync(join(work, "compare.json"), JSON.stringify({ rows: [{ turnCredit: "naive", trajectoryScore: "sum" }] }));
    expect(() => buildReport(loadRuns([work]))).toThrow(ReportInputError);
    expect(() => loadRun(work)).toThrow(/compare\.json: row 1 is not a grid cell/);
    writeFileSync(join(work, "compare.json"), "{");
    expect(() => loadRun(work)).toThrow(/compare\.json: not readable JSON/);
  });
});

describe("one-choice vs multi-choice", () => {
  test("mode per episode from the scenario's knobs, else the run's override", () => {
    const e = episode({});
    expect(episodeMode(run("r", false, [e]), e)).toBe("multi-choice");
    expect(episodeMode(run("r", true, [e]), e)).toBe("one-choice");
    expect(episodeMode(run("r", undefined, [e], { "knobs.one_choice": "false" }), e)).toBe("multi-choice");
    expect(episodeMode(run("r", undefined, [e]), e)).toBe("one-choice");
  });

  test("per shape and overall: mean score and best rate side by side; null with only one mode", () => {
    const one = run("one", true, [
      episode({ shape: "2-2", score: 0.5, metrics: { bestAspects: 1, aspects: 2 } }),
      episode({ shape: "3-1", score: 1, trial: 1, metrics: { bestAspects: 2, aspects: 2 } }),
    ]);
    const multi = run("multi", false, [
      episode({ shape: "2-2", score: 0.25, metrics: { bestAspects: 2, aspects: 2 } }),
      episode({ shape: "2-2", score: 0.75, trial: 1, metrics: { bestAspects: 1, aspects: 2 } }),
      episode({ gym: "persuade", shape: "L1", score: 1 }),
    ]);
    const c = choiceComparison([one, multi])!;
    expect(c.rows.map((r) => r.shape)).toEqual(["2-2", "3-1", "all"]);
    expect(c.rows[0]).toEqual({ shape: "2-2", one: { episodes: 1, meanScore: 0.5, bestRate: 0.5 }, multi: { episodes: 2, meanScore: 0.5, bestRate: 0.75 } });
    expect(c.rows[1]).toEqual({ shape: "3-1", one: { episodes: 1, meanScore: 1, bestRate: 1 }, multi: { episodes: 0, meanScore: null, bestRate: null } });
    expect(c.rows[2]).toEqual({ shape: "all", one: { episodes: 2, meanScore: 0.75, bestRate: 0.75 }, multi: { episodes: 2, meanScore: 0.5, bestRate: 0.75 } });
    expect(choiceComparison([one])).toBeNull();
    expect(choiceComparison([multi])).toBeNull();
  });

  test("the fixture runs: one-choice (random) and multi-choice (multi) of austin_family", () => {
    const runs = loadRuns([dir("random"), dir("multi")]).filter((r): r is EvalRun => r.kind === "eval");
    const c = choiceComparison(runs)!;
    expect(c.rows.map((r) => r.shape)).toEqual(["2-2", "all"]);
    expect(c.rows[1]!.one.episodes).toBe(2);
    expect(c.rows[1]!.multi.episodes).toBe(2);
    expect(choiceComparison(loadRuns([dir("random"), dir("oracle")]) as EvalRun[])).toBeNull();
  });

  test("rendered in the Travel section (table and grouped bar charts) and in Markdown, only when both modes are given", () => {
    const html = buildReportText([dir("random"), dir("multi")], "html");
    const travel = html.slice(html.indexOf('<section id="travel">'), html.indexOf('<section id="dialogue">'));
    expect(travel).toContain('<h3 id="choice">One-choice vs multi-choice</h3>');
    expect(travel).toContain('<table class="choice">');
    expect(travel.match(/data-chart="grouped-bar"/g)).toHaveLength(2);
    const md = buildReportText([dir("random"), dir("multi")], "md");
    expect(md).toContain("### One-choice vs multi-choice (travel)");
    expect(md).toContain("| all | 2 | 0.000 | 0.0% | 2 | 0.000 | 0.0% |");
    expect(buildReportText([dir("random"), dir("oracle")], "html")).not.toContain('id="choice"');
    expect(buildReportText([dir("random"), dir("oracle")], "md")).not.toContain("One-choice vs multi-choice");
  });

  test("the grouped bar chart: one bar per group and series, a legend, gaps drawn at zero", () => {
    const svg = groupedBarChart("t", [{ label: "2-2", values: [0.5, null] }, { label: "all", values: [1, 0.25] }], ["one-choice", "multi-choice"]);
    expect(svg.match(/<rect class="bar"/g)).toHaveLength(4);
    expect(svg.match(/data-series="multi-choice"/g)).toHaveLength(2);
    expect(svg).toContain(">one-choice<");
    expect(svg).toContain(">–<");
    expect(svg).toContain('data-chart="grouped-bar"');
  });
});
