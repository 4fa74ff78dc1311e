import type { SettingSpec, StatementRule } from "../../gym.js";
import { commonSettingsProblem, type SettingsCheck } from "../../settings-problems.js";

/** UserBench's defaults (seed-mechanics.md), overridable per file, per scenario and per run. */
export const travelRewards: Record<string, SettingSpec> = {
  search: { kind: "number", default: 0.2, doc: "reward for the first correct search of each aspect" },
  elicit: { kind: "number", default: 0.2, doc: "reward for a question that makes the user reveal a preference (the seed's eval used 0.6)" },
  best: { kind: "number", default: 1.0, doc: "reward for answering an aspect's best option" },
  correct: { kind: "number", default: 0.8, doc: "reward for answering an option that satisfies every preference but is not the best" },
  wrong: { kind: "number", default: 0, max: 0, doc: "reward (0 or a penalty) for answering an option that fails a preference" },
  step: { kind: "number", default: 0, max: 0, doc: "reward added to every step: 0, or a small penalty such as -0.01" },
};

export const travelKnobs: Record<string, SettingSpec> = {
  max_turns: { kind: "integer", default: 20, min: 1, doc: "the episode is truncated after this many turns" },
  one_choice: { kind: "bool", default: true, doc: "true: one answer per aspect, locking it; false: answer until the best option is found" },
  reveal_after: { kind: "integer", default: 3, min: 0, doc: "after this many off-target turns in a row the user volunteers a preference (0 = never)" },
  search_fail_every: { kind: "integer", default: 5, min: 0, doc: "every Nth search fails with a simulated backend error (0 = never)" },
  clip: { kind: "range", default: null, doc: "clip each step's reward into lo .. hi, or none" },
};

export const travelStatements: Record<string, StatementRule> = {
  title: { once: true },
  context: { once: true },
  opening: { once: true, required: true },
  choose: { once: true },
  aspect: { once: false, required: true },
  rewards: { once: true },
  knobs: { once: true },
};

/** The travel settings that cannot run together (see settings-problems.ts: compiler and runtime share it). */
export const travelSettingsProblem: SettingsCheck = ({ rewards, knobs }) => {
  const common = commonSettingsProblem({ rewards, knobs });
  if (common) return common;
  const { correct, best } = rewards as { correct: number; best: number };
  if (correct > best) {
    return { at: ["rewards", "correct"], also: ["rewards", "best"], message: `rewards.correct (${correct}) is above rewards.best (${best}): a non-best answer would pay more than the best` };
  }
  // Every search would fail, so no aspect could be searched (and the maximum return would never be reached).
  if (knobs["search_fail_every"] === 1) return { at: ["knobs", "search_fail_every"], message: "knobs.search_fail_every: 1 makes every search fail; use 0 (never) or 2 or more" };
  return undefined;
};
