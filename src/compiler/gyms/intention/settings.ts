import type { SettingSpec, StatementRule } from "../../gym.js";

/** UserRL's IntentionGym defaults (seed-mechanics.md), overridable per file, per scenario and per run. */
export const intentionRewards: Record<string, SettingSpec> = {
  high: { kind: "number", default: 1.0, min: 0, doc: "reward for a question whose most important newly covered detail is high" },
  medium: { kind: "number", default: 0.7, min: 0, doc: "... is medium" },
  low: { kind: "number", default: 0.4, min: 0, doc: "... is low" },
  extra: { kind: "number", default: 0.2, min: 0, doc: "subtracted for each further detail one question covers (the reward is floored at 0)" },
  step: { kind: "number", default: 0, max: 0, doc: "reward added to every step: 0, or a small penalty such as -0.01" },
};

export const intentionKnobs: Record<string, SettingSpec> = {
  max_turns: { kind: "integer", default: 20, min: 1, doc: "the episode is truncated after this many turns" },
  clip: { kind: "range", default: null, doc: "clip each step's reward into lo .. hi, or none" },
};

export const intentionStatements: Record<string, StatementRule> = {
  title: { once: true },
  context: { once: true },
  category: { once: true, required: true },
  task: { once: true, required: true },
  missing: { once: false, required: true },
  rewards: { once: true },
  knobs: { once: true },
};
