import type { EpisodeRecord } from "../runtime/episode.js";
import type { EvalRun } from "./load.js";
import { groupBy, mean, ratio, sum } from "./stats.js";

/**
 * One-choice vs multi-choice travel, across all the given eval runs: each travel episode's mode
 * comes from its scenario's knobs in run.json (where ubc eval records --one-choice/--multi-choice
 * overrides), falling back to the run's knobs.one_choice override. Shown only when both occur.
 */

export type ChoiceMode = "one-choice" | "multi-choice";

export interface ChoiceCell {
  episodes: number;
  meanScore: number | null;
  /** Share of travel aspects whose best option was picked (metrics bestAspects / aspects). */
  bestRate: number | null;
}

export interface ChoiceRow {
  /** A travel shape, or "all". */
  shape: string;
  one: ChoiceCell;
  multi: ChoiceCell;
}

export interface ChoiceComparison {
  /** Per shape (sorted), then "all". */
  rows: ChoiceRow[];
}

const metric = (e: EpisodeRecord, key: string): number => {
  const value = e.metrics[key];
  return typeof value === "number" ? value : 0;
};

export function episodeMode(run: EvalRun, episode: EpisodeRecord): ChoiceMode {
  const knob = run.info.scenarios.find((s) => s.id === episode.scenarioId)?.knobs?.one_choice;
  if (typeof knob === "boolean") return knob ? "one-choice" : "multi-choice";
  return run.info.overrides["knobs.one_choice"] === "false" ? "multi-choice" : "one-choice";
}

export function choiceCell(episodes: readonly EpisodeRecord[]): ChoiceCell {
  return {
    episodes: episodes.length,
    meanScore: mean(episodes.map((e) => e.score)),
    bestRate: ratio(sum(episodes.map((e) => metric(e, "bestAspects"))), sum(episodes.map((e) => metric(e, "aspects")))),
  };
}

/** null unless the runs hold travel episodes of both modes. */
export function choiceComparison(runs: readonly EvalRun[]): ChoiceComparison | null {
  const tagged = runs.flatMap((run) => run.episodes.filter((e) => e.gym === "travel").map((e) => ({ e, mode: episodeMode(run, e) })));
  if (!tagged.some((t) => t.mode === "one-choice") || !tagged.some((t) => t.mode === "multi-choice")) return null;
  const row = (shape: string, list: readonly { e: EpisodeRecord; mode: ChoiceMode }[]): ChoiceRow => ({
    shape,
    one: choiceCell(list.filter((t) => t.mode === "one-choice").map((t) => t.e)),
    multi: choiceCell(list.filter((t) => t.mode === "multi-choice").map((t) => t.e)),
  });
  return { rows: [...groupBy(tagged, (t) => t.e.shape).map(([shape, list]) => row(shape, list)), row("all", tagged)] };
}
