import type { Action, Observation } from "../types.js";

/**
 * The features of the softmax policy: one shared, scenario-independent vector per candidate act,
 * so that one parameter vector serves every scenario (and every gym: each gym fills its own
 * names, so training on one gym never moves another gym's weights). Policy files store the names
 * and are read by name: a file written before names were added loads with 0 for the new ones
 * (the untrained value); a name this list does not know is an error.
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
  // persuade (src/runtime/policy/persuade.ts): per-kind biases and turn fractions, then per reason
  "persuade.argue",
  "persuade.argue.turn",
  "persuade.argue.fresh",
  "persuade.argue.count",
  "persuade.argue.unacknowledged",
  "persuade.argue.last_missed",
  "persuade.finish",
  "persuade.finish.turn",
  "persuade.finish.all_argued",
  // intention (src/runtime/policy/intention.ts): per-kind biases and turn fractions, then per detail
  "intention.ask",
  "intention.ask.turn",
  "intention.ask.asked",
  "intention.ask.covered",
  "intention.ask.high",
  "intention.ask.medium",
  "intention.ask.low",
  "intention.vague",
  "intention.vague.turn",
  "intention.finish",
  "intention.finish.turn",
  "intention.finish.all_asked",
];

export const FEATURE_INDEX: ReadonlyMap<string, number> = new Map(FEATURE_NAMES.map((name, i) => [name, i]));

/** A zero feature vector, and a setter by name (a typo is a programming error, so it throws). */
export function featureVector(values: Readonly<Record<string, number>>): Float64Array {
  const v = new Float64Array(FEATURE_NAMES.length);
  for (const [name, value] of Object.entries(values)) {
    const at = FEATURE_INDEX.get(name);
    if (at === undefined) throw new RangeError(`unknown policy feature '${name}'`);
    v[at] = value;
  }
  return v;
}

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
