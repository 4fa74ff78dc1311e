import type { IntentionDetail, IntentionScenario } from "../../../compiler/gyms/intention/ir.js";
import type { SimulatorText } from "../../simulator-text.js";
import type { Judgement, Rng, TurnRecord } from "../../types.js";

/**
 * The intention user and judge (seed-mechanics.md, Intention). For each question a judge says
 * whether it is on task and which remaining details it covers; then the user replies (it knows
 * its own intent, never lists what is missing and never does the task). Built-in, LLM and
 * recorded implementations; the mechanics decide the rewards.
 */

export interface QuestionInput {
  scenario: IntentionScenario;
  question: string;
  /** Details not yet covered, in declaration order. */
  remaining: readonly IntentionDetail[];
  history: readonly TurnRecord[];
}

/** `value` of a "coverage" judgement: whether the question is about the task, and the ids of the remaining details it covers. */
export interface CoverageVerdict {
  onTask: boolean;
  covered: string[];
}

export interface ReplyInput extends QuestionInput {
  /** The details this question newly covers (judged by the mechanics from the coverage judgement). */
  covered: readonly IntentionDetail[];
  onTask: boolean;
  /** The user's intent this episode: the answer chosen per detail id (null: the detail has no answers). */
  intent: ReadonlyMap<string, string | null>;
  rng: Rng;
}

export interface IntentionSimulator {
  readonly spec: string;
  /** Judgement kind "coverage", value CoverageVerdict. */
  judgeQuestion(input: QuestionInput): Promise<Judgement>;
  /** The user's reply to the question; recorded as a "reply" judgement so a replay reproduces it. */
  reply(input: ReplyInput): Promise<string | SimulatorText>;
}
