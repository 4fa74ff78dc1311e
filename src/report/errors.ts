import type { EpisodeRecord } from "../runtime/episode.js";
import { groupBy, sum } from "./stats.js";

/** Simulator and agent trouble in a run, so that a bad simulator cannot hide behind a mean score. */
export interface ErrorCounts {
  episodes: number;
  agentErrors: number;
  simulatorFallbacks: number;
  invalidTurns: number;
  /** Per gym: the same three counts. */
  byGym: { gym: string; agentErrors: number; simulatorFallbacks: number; invalidTurns: number }[];
  /** Fallback judgements grouped by reason, most frequent first (then by reason). */
  fallbackReasons: { reason: string; count: number }[];
  /** Agent error messages grouped, most frequent first. */
  agentErrorMessages: { message: string; count: number }[];
}

function counted(values: readonly string[]): { text: string; count: number }[] {
  return groupBy(values, (v) => v)
    .map(([text, list]) => ({ text, count: list.length }))
    .sort((a, b) => b.count - a.count || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
}

export function errorCounts(episodes: readonly EpisodeRecord[]): ErrorCounts {
  const reasons = episodes.flatMap((e) => e.turns.flatMap((t) => t.judgements.filter((j) => j.source === "fallback").map((j) => `${e.gym}/${j.kind}: ${j.fallbackReason ?? "(no reason recorded)"}`)));
  const messages = episodes.filter((e) => e.error !== undefined).map((e) => e.error!);
  return {
    episodes: episodes.length,
    agentErrors: sum(episodes.map((e) => e.agentErrors ?? 0)),
    simulatorFallbacks: sum(episodes.map((e) => e.simulatorFallbacks ?? 0)),
    invalidTurns: sum(episodes.map((e) => e.invalidTurns ?? 0)),
    byGym: groupBy(episodes, (e) => e.gym).map(([gym, list]) => ({
      gym,
      agentErrors: sum(list.map((e) => e.agentErrors ?? 0)),
      simulatorFallbacks: sum(list.map((e) => e.simulatorFallbacks ?? 0)),
      invalidTurns: sum(list.map((e) => e.invalidTurns ?? 0)),
    })),
    fallbackReasons: counted(reasons).map(({ text, count }) => ({ reason: text, count })),
    agentErrorMessages: counted(messages).map(({ text, count }) => ({ message: text, count })),
  };
}
