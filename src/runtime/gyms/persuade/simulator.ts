import type { PersuadeScenario } from "../../../compiler/gyms/persuade/ir.js";
import type { Judgement, Rng, TurnRecord } from "../../types.js";

/**
 * The persuade persona (seed-mechanics.md, Persuade): for each argument it replies in character
 * and reports its stance, a label of the scenario's ladder. Three implementations: built-in
 * (deterministic rules over the IR), LLM, and recorded (replays). The mechanics turn the stance
 * into rewards; a simulator never decides a reward.
 */

export interface ArgumentInput {
  scenario: PersuadeScenario;
  argument: string;
  /** The persona's stance before this argument, as a ladder index. */
  stance: number;
  /** Earlier arguments that touched each reason, by reason id (the built-in persona's repeat decay reads it). */
  argued: ReadonlyMap<string, number>;
  /** The understood turns so far. */
  history: readonly TurnRecord[];
  /** The episode's user stream, for reply picks and LLM seeds. */
  rng: Rng;
}

/**
 * `value` of a "stance" judgement. From the built-in or an LLM persona: the new stance (a ladder
 * label), the ids of the persona's reasons the argument touched, and the reply. From a fallback:
 * the reply to show (none: the neutral reply), and what was rejected; the stance stays as it was.
 */
export interface StanceVerdict {
  stance?: string;
  touched?: string[];
  reply?: string;
  rejected?: unknown;
}

export interface PersuadeSimulator {
  readonly spec: string;
  /** Judgement kind "stance", value StanceVerdict. */
  respond(input: ArgumentInput): Promise<Judgement>;
}
