import type { EpisodeRecord } from "../runtime/episode.js";
import { groupBy, mean, ratio, sum } from "./stats.js";

/**
 * Persuade and intention, from one run's episodes: success and coverage per shape, and the mean
 * progress over turns read from the per-turn counters (persuade: stanceGain / goalLevels;
 * intention: coveredDetails / details). An episode that ended keeps its last value for the
 * later turns, so every point averages over all the gym's episodes.
 */

export interface DialogueShapeRow {
  shape: string;
  episodes: number;
  successRate: number | null;
  meanScore: number | null;
}

export interface DialogueAnalysis {
  gym: "persuade" | "intention";
  episodes: number;
  successRate: number | null;
  meanScore: number | null;
  /** persuade: touched arguments / arguments; intention: on-task questions / questions. */
  onTargetRate: number | null;
  byShape: DialogueShapeRow[];
  /** Index t-1 holds the mean progress (0..1) after turn t, for t = 1 .. the longest episode. */
  progress: number[];
}

const PROGRESS = {
  persuade: { counter: "stanceGain", total: "goalLevels", hit: "touchedArguments", tries: "arguments" },
  intention: { counter: "coveredDetails", total: "details", hit: "onTaskQuestions", tries: "questions" },
} as const;

const num = (value: unknown): number => (typeof value === "number" ? value : 0);

/** Progress after each turn of one episode (0..1), from the turn counters. */
export function episodeProgress(e: EpisodeRecord, counter: string, total: string): number[] {
  const denominator = num(e.metrics[total]);
  return e.turns.map((t) => (denominator > 0 ? num(t.counters[counter]) / denominator : 0));
}

/** The mean over episodes of each one's progress after turn t, carrying an ended episode's last value forward. */
export function progressOverTurns(series: readonly number[][]): number[] {
  const longest = Math.max(0, ...series.map((s) => s.length));
  const out: number[] = [];
  for (let t = 0; t < longest; t++) out.push(mean(series.map((s) => (s.length === 0 ? 0 : s[Math.min(t, s.length - 1)]!)))!);
  return out;
}

export function dialogueAnalysis(all: readonly EpisodeRecord[], gym: "persuade" | "intention"): DialogueAnalysis {
  const episodes = all.filter((e) => e.gym === gym);
  const spec = PROGRESS[gym];
  const successRate = (list: readonly EpisodeRecord[]) => mean(list.map((e) => (e.success ? 1 : 0)));
  return {
    gym,
    episodes: episodes.length,
    successRate: successRate(episodes),
    meanScore: mean(episodes.map((e) => e.score)),
    onTargetRate: ratio(sum(episodes.map((e) => num(e.metrics[spec.hit]))), sum(episodes.map((e) => num(e.metrics[spec.tries])))),
    byShape: groupBy(episodes, (e) => e.shape).map(([shape, list]) => ({ shape, episodes: list.length, successRate: successRate(list), meanScore: mean(list.map((e) => e.score)) })),
    progress: progressOverTurns(episodes.map((e) => episodeProgress(e, spec.counter, spec.total))),
  };
}
