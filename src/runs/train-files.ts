/**
 * `ubc train`'s files: DIR/metrics.jsonl (one line per iteration, appended as it goes),
 * DIR/policy.json (the weights, rewritten after every iteration) and DIR/curve.svg, and the line
 * format of metrics.jsonl. Apart from src/rl/train-run.ts, which writes them and loads the gym runtimes, so that `ubc train --help`
 * can name them while loading nothing but commander: keep this file free of imports.
 */

export const METRICS_FILE = "metrics.jsonl";
export const POLICY_FILE = "policy.json";
export const CURVE_FILE = "curve.svg";
/** `ubc train --compare --out DIR`: the ablation grid, deterministic (no wall times). */
export const COMPARE_FILE = "compare.json";

/** Mean, spread and range of a batch's values, in metrics.jsonl. */
export interface Stats {
  mean: number;
  std: number;
  min: number;
  max: number;
}

/** What one iteration's rollouts did (before its update) and what the update did. */
export interface IterationMetrics {
  iteration: number;
  episodes: number;
  meanReturn: number;
  meanScore: number;
  successRate: number;
  meanTurns: number;
  /** Mean score per gym. */
  scoreByGym: Record<string, number>;
  /** Trajectory scores S and per-turn advantages a_t of the batch. */
  trajectoryScore: Stats;
  advantage: Stats & { zeroShare: number };
  update: { lossBefore: number; lossAfter: number; clipFraction: number; kl: number };
  /** Milliseconds of this iteration (rollouts and update): the only non-deterministic field. */
  wallMs: number;
}
