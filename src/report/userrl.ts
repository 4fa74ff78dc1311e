import type { EpisodeRecord } from "../runtime/episode.js";
import { round6 } from "../round6.js";
import { groupBy, sum } from "./stats.js";

/**
 * `ubc report --userrl`: the numbers UserRL's papers report, computed from our episodes as the
 * seed computes them from its reward caches (SalesforceAIResearch/UserRL@cf55a30; docs/report.md
 * defines them with a worked example):
 * - `micro_avg` / `micro_max` (eval/eval.py:326-350): per item (scenario), over its trials, the
 *   mean and the max of the episode's Σ turn rewards; averaged over the gym's items. Gyms scored
 *   per turn (travel, eval.py:327-340) instead take only the item's last trial and the mean and
 *   max of its turn rewards.
 * - the leaderboard score (eval/analyze.py:33-66): per gym, the mean over items of the mean over
 *   trials of Σ turn rewards (= micro_avg), except travel: per trial, the best answer reward of
 *   each aspect, summed, over the aspect count; and the weighted average of the gym scores, each
 *   weighted by its number of items (analyze.py:68-72).
 * Every episode counts, errored ones with the rewards they earned (eval.py keeps the rewards of a
 * rollout that failed or timed out).
 */

export interface UserRlGym {
  gym: string;
  items: number;
  episodes: number;
  microAvg: number;
  microMax: number;
  /** The gym's leaderboard score (analyze.py). */
  score: number;
  /** How the gym is scored: per episode (Σ turn rewards) or, as UserRL scores travel, per turn of the last trial and per aspect. */
  rule: "episode" | "turns";
}

export interface UserRlTable {
  label: string;
  gyms: UserRlGym[];
  items: number;
  /** Σ items × score / Σ items over the run's gyms; null without episodes. */
  weightedAverage: number | null;
}

/** How UserRL scores a gym's items: one rule per gym the seed treats apart; every other gym by episode. */
interface GymRule {
  rule: UserRlGym["rule"];
  micro(trials: readonly EpisodeRecord[]): { avg: number; max: number };
  score(trials: readonly EpisodeRecord[]): number;
}

const meanOf = (values: readonly number[]): number => (values.length > 0 ? sum(values) / values.length : 0);
const rewards = (e: EpisodeRecord): number[] => e.turns.map((t) => t.reward);
const episodeReturn = (e: EpisodeRecord): number => sum(rewards(e));

const byEpisode: GymRule = {
  rule: "episode",
  micro: (trials) => ({ avg: meanOf(trials.map(episodeReturn)), max: trials.length > 0 ? Math.max(...trials.map(episodeReturn)) : 0 }),
  score: (trials) => meanOf(trials.map(episodeReturn)),
};

function aspectCount(e: EpisodeRecord): number {
  const declared = e.metrics.aspects;
  return typeof declared === "number" && declared > 0 ? declared : e.shape.split("-").length;
}

/** analyze.py:49-58: the best reward of the answers to each aspect, summed, over the aspect count. */
function perAspectAnswerScore(e: EpisodeRecord): number {
  const best = new Map<string, number>();
  for (const turn of e.turns) {
    if (turn.action?.choice !== "answer") continue;
    const aspect = turn.judgements.find((j) => j.kind === "answer")?.value.aspect;
    if (typeof aspect !== "string") continue;
    best.set(aspect, Math.max(best.get(aspect) ?? 0, turn.reward));
  }
  return sum([...best.values()]) / aspectCount(e);
}

const byTurnsOfLastTrial: GymRule = {
  rule: "turns",
  micro: (trials) => {
    const last = rewards(trials.reduce((a, b) => (b.trial > a.trial ? b : a)));
    return { avg: meanOf(last), max: last.length > 0 ? Math.max(...last) : 0 };
  },
  score: (trials) => meanOf(trials.map(perAspectAnswerScore)),
};

const rules: Record<string, GymRule> = { travel: byTurnsOfLastTrial };

export function userRlTable(label: string, episodes: readonly EpisodeRecord[]): UserRlTable {
  let items = 0;
  let weighted = 0;
  const gyms = groupBy(episodes, (e) => e.gym).map(([gym, list]): UserRlGym => {
    const rule = Object.hasOwn(rules, gym) ? rules[gym]! : byEpisode;
    const trialsByItem = groupBy(list, (e) => e.scenarioId).map(([, trials]) => trials);
    const micro = trialsByItem.map((trials) => rule.micro(trials));
    const score = meanOf(trialsByItem.map((trials) => rule.score(trials)));
    items += trialsByItem.length;
    weighted += trialsByItem.length * score;
    return {
      gym,
      items: trialsByItem.length,
      episodes: list.length,
      microAvg: round6(meanOf(micro.map((m) => m.avg))),
      microMax: round6(meanOf(micro.map((m) => m.max))),
      score: round6(score),
      rule: rule.rule,
    };
  });
  return { label, gyms, items, weightedAverage: items > 0 ? round6(weighted / items) : null };
}
