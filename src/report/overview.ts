import { summarize, type GroupMetrics } from "../runs/metrics.js";
import type { EvalRun } from "./load.js";

/** One gym's headline numbers in a run. */
export interface GymCell {
  episodes: number;
  meanScore: number | null;
  passAt1: number | null;
  /** pass@K and pass^K for the run's K = trials (null when no scenario has K finished trials). */
  passAtK: number | null;
  passHatK: number | null;
}

export interface OverviewRow {
  label: string;
  agent: string;
  user: string;
  trials: number;
  seed: number;
  /** The run's --set/--turns/--one-choice overrides, as "key=value" sorted by key. */
  overrides: string[];
  /** For travel runs: one-choice, multi-choice or mixed (from the scenarios' knobs in run.json). */
  travelMode: "one-choice" | "multi-choice" | "mixed" | null;
  episodes: number;
  complete: boolean;
  meanScore: number | null;
  byGym: Record<string, GymCell>;
}

function cell(metrics: GroupMetrics, trials: number): GymCell {
  const k = String(trials);
  return {
    episodes: metrics.episodes,
    meanScore: metrics.meanScore,
    passAt1: metrics.passAt["1"] ?? null,
    passAtK: metrics.passAt[k] ?? null,
    passHatK: metrics.passHat[k] ?? null,
  };
}

export function travelMode(run: EvalRun): OverviewRow["travelMode"] {
  const modes = new Set(run.info.scenarios.filter((s) => s.gym === "travel").map((s) => (s.knobs?.one_choice === false ? "multi-choice" : "one-choice")));
  if (modes.size === 0) return null;
  return modes.size > 1 ? "mixed" : [...modes][0]!;
}

/** Whether every (scenario, trial) pair of run.json has an episode. */
export function isComplete(run: EvalRun): boolean {
  return run.episodes.length >= run.info.scenarios.length * run.info.trials;
}

export function overviewRow(run: EvalRun): OverviewRow {
  const summary = summarize(run.episodes, run.info.trials, isComplete(run));
  return {
    label: run.label,
    agent: run.info.agent,
    user: run.info.user,
    trials: run.info.trials,
    seed: run.info.seed,
    overrides: Object.keys(run.info.overrides).sort().map((k) => `${k}=${run.info.overrides[k]}`),
    travelMode: travelMode(run),
    episodes: run.episodes.length,
    complete: isComplete(run),
    meanScore: summary.overall.meanScore,
    byGym: Object.fromEntries(Object.entries(summary.byGym).map(([gym, m]) => [gym, cell(m, run.info.trials)])),
  };
}

/** The gyms present in any of the rows, sorted. */
export function gymsOf(rows: readonly OverviewRow[]): string[] {
  return [...new Set(rows.flatMap((r) => Object.keys(r.byGym)))].sort();
}
