import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { EpisodeRecord, TurnLog } from "../../src/runtime/episode.js";
import { dialogueAnalysis, progressOverTurns } from "../../src/report/dialogue.js";
import { errorCounts } from "../../src/report/errors.js";
import { loadRun, loadRuns, ReportInputError, type EvalRun, type TrainRun } from "../../src/report/load.js";
import { overviewRow } from "../../src/report/overview.js";
import { trainingCurves } from "../../src/report/training.js";
import { hiddenItems, transcript } from "../../src/report/transcripts.js";
import { pickCounts, shapeRow, travelAnalysis } from "../../src/report/travel.js";

const fixtures = join(import.meta.dirname, "../fixtures/report");
const evalRun = (name: string) => loadRun(join(fixtures, name)) as EvalRun;

function turn(n: number, partial: Partial<TurnLog> = {}): TurnLog {
  return { turn: n, action: null, raw: "", feedback: "", reward: 0, judgements: [], counters: {}, terminated: false, truncated: false, ...partial };
}

function episode(partial: Partial<EpisodeRecord>): EpisodeRecord {
  return {
    scenarioId: "s", gym: "travel", hash: "h", shape: "2-2", trial: 0, seed: 0, agent: "a", user: "builtin", maxReturn: 1, opening: "hi",
    turns: [], status: "terminated", return: 0, score: 0, success: false, terminated: true, truncated: false,
    turnCount: 0, invalidTurns: 0, simulatorFallbacks: 0, agentErrors: 0, metrics: {}, ...partial,
  };
}

describe("overview", () => {
  test("one row per run agrees with the summary ubc eval wrote", () => {
    for (const name of ["random", "oracle"]) {
      const run = evalRun(name);
      const written = JSON.parse(readFileSync(join(fixtures, name, "summary.json"), "utf8"));
      const row = overviewRow(run);
      expect(row.agent).toBe(written.trials === 2 ? "scripted:random" : "scripted:oracle");
      expect(row.meanScore).toBe(written.overall.meanScore);
      expect(row.complete).toBe(true);
      expect(row.travelMode).toBe("one-choice");
      for (const gym of ["travel", "persuade", "intention"]) {
        expect(row.byGym[gym]!.meanScore).toBe(written.byGym[gym].meanScore);
        expect(row.byGym[gym]!.passAt1).toBe(written.byGym[gym].passAt["1"]);
        expect(row.byGym[gym]!.passHatK).toBe(written.byGym[gym].passHat[String(written.trials)]);
      }
    }
  });
});

describe("travel analysis", () => {
  test("shape rows: aspects, preferences and concentration", () => {
    expect(shapeRow("2-3-3", [])).toMatchObject({ aspects: 3, preferences: 8, concentration: 0.375, episodes: 0, meanScore: null });
    expect(shapeRow("4-1", [episode({ score: 0.5 }), episode({ score: 1 })])).toMatchObject({ aspects: 2, preferences: 5, concentration: 0.8, meanScore: 0.75 });
  });

  test("picks come from the answer judgements; refused or unjudged answers are 'other'", () => {
    const answer = (category: string | null) => turn(1, { action: { choice: "answer", content: "X" }, judgements: category ? [{ kind: "answer", source: "rule", value: { category } }] : [] });
    const e = episode({ turns: [answer("best"), answer("correct"), answer("wrong"), answer("wrong"), answer(null), turn(2, { action: { choice: "search", content: "q" } })] });
    expect(pickCounts([e])).toEqual({ best: 1, correct: 1, wrong: 2, other: 1 });
  });

  test("elicitation, valid rates, first best turn and score against turns, on hand-made episodes", () => {
    const a = episode({ shape: "2-2", score: 1, success: true, turnCount: 6, metrics: { preferences: 4, elicitedActive: 3, elicitedPassive: 1, searches: 2, validSearches: 2, actions: 4, targetedActions: 3, firstBestTurn: 5 } });
    const b = episode({ shape: "3-1", score: 0.4, turnCount: 6, metrics: { preferences: 4, elicitedActive: 0, elicitedPassive: 1, searches: 2, validSearches: 0, actions: 4, targetedActions: 0, firstBestTurn: null } });
    const c = episode({ gym: "persuade", shape: "L6-R3", score: 1 });
    const t = travelAnalysis([a, b, c]);
    expect(t.episodes).toBe(2);
    expect(t.byShape.map((r) => r.shape)).toEqual(["3-1", "2-2"]);
    expect(t.elicitation).toEqual({ preferences: 8, active: 0.375, passive: 0.25, hidden: 0.375 });
    expect(t.validSearchRate).toBe(0.5);
    expect(t.validQuestionRate).toBe(0.375);
    expect(t.firstBest).toEqual({ turns: [{ turn: 5, episodes: 1 }], none: 1, mean: 5 });
    expect(t.scoreVsTurns.byTurns).toEqual([{ turns: 6, episodes: 2, meanScore: 0.7 }]);
    expect(t.scoreVsTurns.points).toEqual([{ turns: 6, score: 1, success: true }, { turns: 6, score: 0.4, success: false }]);
  });

  test("the oracle fixture: every pick best, every preference asked for", () => {
    const t = travelAnalysis(evalRun("oracle").episodes);
    expect(t.picks).toEqual({ best: 2, correct: 0, wrong: 0, other: 0 });
    expect(t.elicitation.active).toBe(1);
    expect(t.firstBest.mean).toBe(7);
  });
});

describe("persuade and intention", () => {
  test("progress over turns carries an ended episode's last value forward", () => {
    expect(progressOverTurns([[0.5, 1], [0, 0, 0.5, 0.5]])).toEqual([0.25, 0.5, 0.75, 0.75]);
    expect(progressOverTurns([])).toEqual([]);
  });

  test("success, on-target rate and progress from the turn counters", () => {
    const mk = (gains: number[], success: boolean) => episode({ gym: "persuade", shape: "L4-R2", success, score: gains.at(-1)! / 4, metrics: { goalLevels: 4, arguments: gains.length, touchedArguments: gains.filter((g) => g > 0).length }, turns: gains.map((g, i) => turn(i + 1, { counters: { stanceGain: g } })) });
    const d = dialogueAnalysis([mk([2, 4], true), mk([0, 0, 1], false)], "persuade");
    expect(d).toMatchObject({ episodes: 2, successRate: 0.5, meanScore: 0.625, onTargetRate: 0.6 });
    expect(d.progress).toEqual([0.25, 0.5, 0.625]);
    expect(d.byShape).toEqual([{ shape: "L4-R2", episodes: 2, successRate: 0.5, meanScore: 0.625 }]);
  });

  test("intention coverage over turns on the oracle fixture reaches 1", () => {
    const d = dialogueAnalysis(evalRun("oracle").episodes, "intention");
    expect(d.progress).toEqual([0.25, 0.5, 0.75, 1]);
    expect(d.successRate).toBe(1);
  });
});

describe("training curves", () => {
  test("series per gym, first/last/best from metrics.jsonl", () => {
    const run = loadRun(join(fixtures, "train")) as TrainRun;
    const c = trainingCurves(run.iterations);
    expect(c.iterations).toEqual([0, 1, 2]);
    expect(c.series.map((s) => s.name)).toEqual(["all", "success", "travel"]);
    expect(c.series[2]!.values).toEqual([0.25, 0.5, 0.75]);
    expect(c).toMatchObject({ first: 0.25, last: 0.75, best: { iteration: 2, meanScore: 0.75 } });
  });
});

describe("errors and fallbacks", () => {
  test("counts per gym and groups fallback reasons and agent errors", () => {
    const fb = turn(1, { judgements: [{ kind: "stance", source: "fallback", value: {}, fallbackReason: "reply not JSON" }] });
    const e1 = episode({ gym: "persuade", simulatorFallbacks: 2, turns: [fb, fb] });
    const e2 = episode({ status: "error", error: "endpoint down", agentErrors: 1, invalidTurns: 3 });
    const counts = errorCounts([e1, e2]);
    expect(counts).toMatchObject({ agentErrors: 1, simulatorFallbacks: 2, invalidTurns: 3 });
    expect(counts.byGym).toEqual([{ gym: "persuade", agentErrors: 0, simulatorFallbacks: 2, invalidTurns: 0 }, { gym: "travel", agentErrors: 1, simulatorFallbacks: 0, invalidTurns: 3 }]);
    expect(counts.fallbackReasons).toEqual([{ reason: "persuade/stance: reply not JSON", count: 2 }]);
    expect(counts.agentErrorMessages).toEqual([{ message: "endpoint down", count: 1 }]);
  });
});

describe("transcripts and hidden items", () => {
  test("the turn each hidden item came out, per gym, read from the log (fallback: ids only, the rest counted)", () => {
    const byGym = new Map(evalRun("oracle").episodes.map((e) => [e.gym, hiddenItems(e, { problem: "gone" })]));
    const ids = (turns: number[], prefix: string, how: string) => turns.map((t, i) => ({ id: `${prefix}${i + 1}`, label: null, text: null, turn: t, how }));
    expect(byGym.get("travel")).toEqual({ noun: "preference", total: 4, items: ids([3, 4, 5, 6], "P", "asked"), facts: [], missing: "gone" });
    expect(byGym.get("persuade")).toEqual({ noun: "reason", total: 3, items: ids([1, 2, 3], "R", "touched"), facts: [], missing: "gone" });
    expect(byGym.get("intention")).toEqual({ noun: "detail", total: 4, items: ids([1, 2, 3, 4], "D", "covered"), facts: [], missing: "gone" });
  });

  test("a volunteered preference is told apart; turns keep judgements and rewards; a value equal to the feedback is not repeated", () => {
    const e = episode({ turns: [turn(1, { reward: 0.2, feedback: "f", judgements: [{ kind: "reveal", source: "builtin", value: { preference: "P2", proactive: true, text: "t" } }, { kind: "chat", source: "builtin", value: { text: "f" } }] })], metrics: { preferences: 2 } });
    expect(hiddenItems(e, { problem: "p" }).items).toEqual([{ id: "P2", label: null, text: null, turn: 1, how: "volunteered" }]);
    const t = transcript("run", e, { problem: "p" });
    expect(t.key).toBe("run/s#0");
    expect(t.turns[0]).toMatchObject({ turn: 1, reward: 0.2, judgements: ["reveal (builtin): preference=P2, proactive=true, text=t", "chat (builtin): text=(same as the feedback)"], fallback: false });
  });
});

describe("loading run folders", () => {
  const work = mkdtempSync(join(tmpdir(), "ubc-report-load-"));
  const expectError = (dir: string, message: RegExp) => {
    expect(() => loadRun(dir)).toThrow(ReportInputError);
    expect(() => loadRun(dir)).toThrow(message);
  };

  test("a missing folder, a folder that is not a run, a missing episodes file", () => {
    expectError(join(work, "nope"), /nope: no such folder/);
    mkdirSync(join(work, "empty"));
    expectError(join(work, "empty"), /not a run folder/);
    mkdirSync(join(work, "half"));
    writeFileSync(join(work, "half", "run.json"), readFileSync(join(fixtures, "oracle", "run.json")));
    expectError(join(work, "half"), /episodes\.jsonl: missing/);
  });

  test("a damaged line is named by file and line", () => {
    const dir = join(work, "damaged");
    mkdirSync(dir);
    writeFileSync(join(dir, "run.json"), readFileSync(join(fixtures, "oracle", "run.json")));
    const lines = readFileSync(join(fixtures, "oracle", "episodes.jsonl"), "utf8").split("\n");
    writeFileSync(join(dir, "episodes.jsonl"), [lines[0], "{not json", lines[1], ""].join("\n"));
    expectError(dir, /episodes\.jsonl:2: not a JSON line/);
    writeFileSync(join(dir, "episodes.jsonl"), [lines[0], '{"scenarioId":"x"}', ""].join("\n"));
    expectError(dir, /episodes\.jsonl:2: not an episode record/);
    writeFileSync(join(dir, "run.json"), "[]");
    expectError(dir, /run\.json: not a ubc eval run\.json/);
  });

  test("runs with the same folder name get distinct labels", () => {
    expect(loadRuns([join(fixtures, "oracle"), join(fixtures, "oracle")]).map((r) => r.label)).toEqual(["oracle", "oracle#2"]);
  });
});
