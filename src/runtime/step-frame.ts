import { checkChoice, normalizeAction, parseAction } from "./actions.js";
import type { Action, Choice, Judgement, StepResult, TurnRecord } from "./types.js";

/**
 * The frame every gym's step shares: reading the agent's input under the gym's choices, and
 * closing the step (truncation at max_turns, the turn-limit notice, the training-only reward
 * line, the conversation history, the info). Only the middle, what the action does, is the gym's.
 */

/** The action an input stands for, or why it is refused (an invalid turn, which still spends the turn). */
export type ReadAction = { action: Action; refused?: undefined } | { action: null; refused: string };

export function readAction(input: Action | string, choices: readonly Choice[]): ReadAction {
  const parsed = typeof input === "string" ? parseAction(input) : normalizeAction(input);
  const refused = parsed.ok ? checkChoice(parsed.action, choices) : parsed.reason;
  return parsed.ok && refused === undefined ? { action: parsed.action } : { action: null, refused: refused! };
}

/** The state a step frame needs of a gym's episode state. */
export interface FrameState {
  turn: number;
  over: boolean;
  readonly history: TurnRecord[];
  counters(): Record<string, number>;
}

/** What the gym's part of a step produced, its reward final (step reward and clipping applied). */
export interface StepOutcome {
  reward: number;
  feedback: string;
  judgements: Judgement[];
  terminated?: boolean;
  invalid?: string;
}

export interface FrameSettings {
  maxTurns: number;
  /** Show "Reward: x" in the feedback (training only). */
  showReward: boolean;
  /** The notice appended when the turn limit ends the episode. */
  turnLimit: string;
}

export function closeStep(state: FrameState, action: Action | null, outcome: StepOutcome, settings: FrameSettings): StepResult {
  const { reward } = outcome;
  const terminated = outcome.terminated === true;
  const truncated = !terminated && state.turn >= settings.maxTurns;
  state.over = terminated || truncated;
  let feedback = outcome.feedback;
  if (truncated) feedback += `\n${settings.turnLimit}`;
  if (settings.showReward) feedback += `\nReward: ${reward}`;
  if (action) state.history.push({ action, feedback, reward });
  const info: StepResult["info"] = { action, judgements: outcome.judgements, counters: state.counters() };
  if (outcome.invalid !== undefined) info.invalid = outcome.invalid;
  return { observation: { feedback, turn: state.turn, maxTurns: settings.maxTurns }, reward, terminated, truncated, info };
}
