import type { Action, Observation } from "../types.js";

/**
 * The features of the softmax policy: one shared, scenario-independent vector per candidate act,
 * so that one parameter vector serves every scenario (and every gym: each gym fills its own
 * names). Changing this list changes the format of policy files (they store the names and are
 * checked against them on load).
 */
export const FEATURE_NAMES: readonly string[] = [
  // act type one-hots (per-type biases) and the turn fraction per type
  "type.search",
  "type.ask",
  "type.answer",
  "type.finish",
  "turn.search",
  "turn.ask",
  "turn.answer",
  "turn.finish",
  // travel
  "search.first_pending",
  "ask.aspect_searched",
  "ask.field_open",
  "ask.field_closed",
  "ask.repeat_after_reveal",
  "ask.ranking_field",
  "ask.urgent",
  "answer.best_known",
  "answer.best_known_settled",
  "answer.best_known_open_fields",
  "answer.fits_not_best",
  "answer.violates_known",
  "answer.best_known_urgent",
  "finish.all_answered",
];

export const FEATURE_INDEX: ReadonlyMap<string, number> = new Map(FEATURE_NAMES.map((name, i) => [name, i]));

/** One act the policy may take this turn, with its feature vector. */
export interface ActCandidate {
  action: Action;
  features: Float64Array;
  /** Called when this act is chosen, so the act space can read the feedback it gets. */
  commit(): void;
}

/** The policy's view of one episode of one gym: it reads each observation and offers the acts. */
export interface ActSpaceEpisode {
  /** The observation after reset, then after each step (the feedback of the last committed act). */
  observe(observation: Observation): void;
  candidatesWithFeatures(): ActCandidate[];
}
