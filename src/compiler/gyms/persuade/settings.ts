import type { SettingSpec, StatementRule } from "../../gym.js";

/** UserRL's PersuadeGym defaults (seed-mechanics.md), overridable per file, per scenario and per run. */
export const persuadeRewards: Record<string, SettingSpec> = {
  progress: { kind: "number", default: 1.0, min: 0, doc: "reward for moving the persona across the whole ladder; each new level earns progress / (levels - 1)" },
  step: { kind: "number", default: 0, max: 0, doc: "reward added to every step: 0, or a small penalty such as -0.01" },
};

export const persuadeKnobs: Record<string, SettingSpec> = {
  max_turns: { kind: "integer", default: 20, min: 1, doc: "the episode is truncated after this many turns" },
  repeat_decay: { kind: "integer", default: 1, min: 0, doc: "levels a reason loses each time it is argued again (built-in simulator)" },
  clip: { kind: "range", default: null, doc: "clip each step's reward into lo .. hi, or none" },
};

export const persuadeStatements: Record<string, StatementRule> = {
  title: { once: true },
  context: { once: true },
  opening: { once: true },
  claim: { once: true, required: true },
  believes: { once: true, required: true },
  ladder: { once: true },
  stance: { once: true },
  yields: { once: false, required: true },
  rewards: { once: true },
  knobs: { once: true },
};
