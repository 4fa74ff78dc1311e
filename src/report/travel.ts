import type { EpisodeRecord } from "../runtime/episode.js";
import { groupBy, mean, ratio, sum } from "./stats.js";

/**
 * The travel questions of the UserBench paper, from one run's travel episodes: score by shape,
 * best/correct/wrong picks, active vs passive elicitation, valid search vs valid question rate,
 * the turn of the first best pick and score against turns used.
 */

export interface ShapeRow {
  shape: string;
  /** Aspects in the shape ("2-3-3" has 3), and preferences (8): few aspects with many preferences each = concentrated. */
  aspects: number;
  preferences: number;
  /** Preferences per aspect, the largest share of one aspect: 1/aspects when spread evenly, near 1 when concentrated. */
  concentration: number;
  episodes: number;
  meanScore: number | null;
}

export interface PickCounts {
  best: number;
  correct: number;
  wrong: number;
  /** Answers refused (aspect already final, option answered before) or not understood as an answer. */
  other: number;
}

export interface TravelAnalysis {
  episodes: number;
  byShape: ShapeRow[];
  picks: PickCounts;
  /** Shares of all preferences: elicited by a targeted question, volunteered, never revealed. */
  elicitation: { preferences: number; active: number | null; passive: number | null; hidden: number | null };
  validSearchRate: number | null;
  validQuestionRate: number | null;
  /** Per turn number, the episodes whose first best pick came then; `none` counts those without one. */
  firstBest: { turns: { turn: number; episodes: number }[]; none: number; mean: number | null };
  /** One point per episode, and the mean score per number of turns used. */
  scoreVsTurns: { points: { turns: number; score: number; success: boolean }[]; byTurns: { turns: number; episodes: number; meanScore: number | null }[] };
}

function shapeParts(shape: string): number[] {
  return /^\d+(-\d+)*$/.test(shape) ? shape.split("-").map(Number) : [];
}

export function shapeRow(shape: string, episodes: readonly EpisodeRecord[]): ShapeRow {
  const parts = shapeParts(shape);
  const preferences = sum(parts);
  return {
    shape,
    aspects: parts.length,
    preferences,
    concentration: preferences > 0 ? ratio(Math.max(...parts), preferences)! : 0,
    episodes: episodes.length,
    meanScore: mean(episodes.map((e) => e.score)),
  };
}

const metric = (e: EpisodeRecord, key: string): number => {
  const value = e.metrics[key];
  return typeof value === "number" ? value : 0;
};

export function pickCounts(episodes: readonly EpisodeRecord[]): PickCounts {
  const picks: PickCounts = { best: 0, correct: 0, wrong: 0, other: 0 };
  for (const e of episodes) {
    for (const t of e.turns) {
      if (t.action?.choice !== "answer") continue;
      const answer = t.judgements.find((j) => j.kind === "answer");
      const category = answer?.value.category;
      if (category === "best" || category === "correct" || category === "wrong") picks[category]++;
      else picks.other++;
    }
  }
  return picks;
}

export function travelAnalysis(all: readonly EpisodeRecord[]): TravelAnalysis {
  const episodes = all.filter((e) => e.gym === "travel");
  const byShape = groupBy(episodes, (e) => e.shape)
    .map(([shape, list]) => shapeRow(shape, list))
    .sort((a, b) => b.concentration - a.concentration || a.aspects - b.aspects || (a.shape < b.shape ? -1 : a.shape > b.shape ? 1 : 0));
  const preferences = sum(episodes.map((e) => metric(e, "preferences")));
  const active = sum(episodes.map((e) => metric(e, "elicitedActive")));
  const passive = sum(episodes.map((e) => metric(e, "elicitedPassive")));
  const firstTurns = episodes.map((e) => e.metrics.firstBestTurn).filter((v): v is number => typeof v === "number");
  return {
    episodes: episodes.length,
    byShape,
    picks: pickCounts(episodes),
    elicitation: { preferences, active: ratio(active, preferences), passive: ratio(passive, preferences), hidden: ratio(preferences - active - passive, preferences) },
    validSearchRate: ratio(sum(episodes.map((e) => metric(e, "validSearches"))), sum(episodes.map((e) => metric(e, "searches")))),
    validQuestionRate: ratio(sum(episodes.map((e) => metric(e, "targetedActions"))), sum(episodes.map((e) => metric(e, "actions")))),
    firstBest: {
      turns: groupBy(firstTurns, String, (a, b) => Number(a) - Number(b)).map(([turn, list]) => ({ turn: Number(turn), episodes: list.length })),
      none: episodes.length - firstTurns.length,
      mean: mean(firstTurns),
    },
    scoreVsTurns: {
      points: episodes.map((e) => ({ turns: e.turnCount, score: e.score, success: e.success })),
      byTurns: groupBy(episodes, (e) => String(e.turnCount), (a, b) => Number(a) - Number(b)).map(([turns, list]) => ({ turns: Number(turns), episodes: list.length, meanScore: mean(list.map((e) => e.score)) })),
    },
  };
}
