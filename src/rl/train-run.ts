import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { writeFileAtomic, writeJsonAtomic } from "../io/atomic-file.js";
import { join } from "node:path";
import { policyFile } from "../runtime/policy/softmax.js";
import { TRAJECTORY_SCORES } from "./score.js";
import { TURN_CREDITS } from "./credit.js";
import type { CreditSettings } from "./advantages.js";
import { curveSvg } from "./curve.js";
import { COMPARE_FILE, CURVE_FILE, METRICS_FILE, POLICY_FILE } from "../runs/train-files.js";
import { evaluateGreedy, train, type IterationMetrics, type TrainSettings } from "./train.js";

/** Writes `ubc train`'s files (named in src/runs/train-files.ts) as training goes, and the ablation grid. */

// Named in run-files.ts, light for `ubc train --help`; re-exported for train-action.ts, which reports them.
export { COMPARE_FILE, CURVE_FILE, METRICS_FILE, POLICY_FILE };

export interface TrainRunResult {
  metrics: IterationMetrics[];
  /** The greedy final policy's mean score on the training scenarios (evaluation seeds). */
  finalGreedy: { meanScore: number; scoreByGym: Record<string, number> };
  outDir: string;
}

function settingsMeta(settings: TrainSettings): Record<string, unknown> {
  return {
    policy: "softmax",
    seed: settings.seed,
    group: settings.group,
    iterations: settings.iterations,
    lr: settings.lr,
    epochs: settings.epochs,
    ...settings.credit,
    ppo: settings.ppo,
    scenarios: settings.scenarios.map((s) => ({ id: s.id, gym: s.gym, hash: s.hash })),
  };
}

export function curveOf(metrics: readonly IterationMetrics[]): string {
  const series = new Map<string, number[]>();
  for (const m of metrics) for (const [gym, score] of Object.entries(m.scoreByGym)) series.set(gym, [...(series.get(gym) ?? []), score]);
  return curveSvg(series);
}

export async function runTraining(settings: TrainSettings, outDir: string, hooks: { onIteration?(m: IterationMetrics): void; now?: () => number; signal?: AbortSignal } = {}): Promise<TrainRunResult> {
  mkdirSync(outDir, { recursive: true });
  const metricsFile = join(outDir, METRICS_FILE);
  writeFileSync(metricsFile, "");
  const meta = settingsMeta(settings);
  const seen: IterationMetrics[] = [];
  const result = await train(settings, {
    ...(hooks.now && { now: hooks.now }),
    ...(hooks.signal && { signal: hooks.signal }),
    onIteration(m, weights) {
      appendFileSync(metricsFile, JSON.stringify(m) + "\n");
      // Rewritten every iteration: atomically, so that a kill leaves the last whole policy.
      writeJsonAtomic(join(outDir, POLICY_FILE), policyFile(weights, { ...meta, iterationsDone: m.iteration + 1 }));
      seen.push(m);
      writeFileAtomic(join(outDir, CURVE_FILE), curveOf(seen));
      hooks.onIteration?.(m);
    },
  });
  const finalGreedy = await evaluateGreedy(settings.scenarios, result.weights, 2, settings.seed);
  writeJsonAtomic(join(outDir, POLICY_FILE), policyFile(result.weights, { ...meta, iterationsDone: result.metrics.length, finalGreedy }));
  return { metrics: result.metrics, finalGreedy, outDir };
}

/** One cell of the ablation grid. */
export interface CompareCell {
  turnCredit: CreditSettings["turnCredit"];
  trajectoryScore: CreditSettings["trajectoryScore"];
  firstMeanScore: number;
  finalMeanScore: number;
  /** The last iteration's sampled mean score per gym. */
  finalScoreByGym: Record<string, number>;
  finalGreedy: number;
  finalGreedyByGym: Record<string, number>;
}

/** The UserRL ablation: every turn credit × every trajectory score, same seeds, same scenarios. */
export async function runCompare(settings: TrainSettings, onCell?: (cell: CompareCell) => void): Promise<CompareCell[]> {
  const cells: CompareCell[] = [];
  for (const turnCredit of TURN_CREDITS) {
    for (const trajectoryScore of TRAJECTORY_SCORES) {
      const { weights, metrics } = await train({ ...settings, credit: { ...settings.credit, turnCredit, trajectoryScore } });
      const greedy = await evaluateGreedy(settings.scenarios, weights, 2, settings.seed);
      const cell: CompareCell = {
        turnCredit,
        trajectoryScore,
        firstMeanScore: metrics[0]?.meanScore ?? 0,
        finalMeanScore: metrics.at(-1)?.meanScore ?? 0,
        finalScoreByGym: metrics.at(-1)?.scoreByGym ?? {},
        finalGreedy: greedy.meanScore,
        finalGreedyByGym: greedy.scoreByGym,
      };
      cells.push(cell);
      onCell?.(cell);
    }
  }
  return cells;
}

/** The content of DIR/compare.json: the shared settings (without the two varied ones) and one row per grid cell. */
export function compareFile(settings: TrainSettings, cells: readonly CompareCell[]): Record<string, unknown> {
  const { turnCredit: _credit, trajectoryScore: _score, ...shared } = settingsMeta(settings);
  return {
    kind: "ubc-train-compare",
    settings: shared,
    rows: cells.map((c) => ({
      turnCredit: c.turnCredit,
      trajectoryScore: c.trajectoryScore,
      firstMeanScore: c.firstMeanScore,
      finalMeanScore: c.finalMeanScore,
      finalScoreByGym: c.finalScoreByGym,
      greedyMeanScore: c.finalGreedy,
      greedyScoreByGym: c.finalGreedyByGym,
    })),
  };
}

export function writeCompareFile(outDir: string, settings: TrainSettings, cells: readonly CompareCell[]): string {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, COMPARE_FILE);
  writeJsonAtomic(file, compareFile(settings, cells));
  return file;
}

export function formatCompareTable(cells: readonly CompareCell[]): string {
  const scores = [...new Set(cells.map((c) => c.trajectoryScore))];
  const credits = [...new Set(cells.map((c) => c.turnCredit))];
  const head = ["turn credit \\ score", ...scores].map((s) => s.padEnd(20)).join("");
  const rows = credits.map((credit) =>
    [credit.padEnd(20), ...scores.map((score) => {
      const c = cells.find((x) => x.turnCredit === credit && x.trajectoryScore === score);
      return (c ? `${c.finalMeanScore.toFixed(3)} (${c.finalGreedy.toFixed(3)})` : "-").padEnd(20);
    })].join(""),
  );
  return [head, ...rows, "", "final sampled mean score (greedy mean score of the final policy)"].join("\n");
}
