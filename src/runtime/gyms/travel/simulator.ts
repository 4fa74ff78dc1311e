import type { TravelPreference, TravelScenario } from "../../../compiler/gyms/travel/ir.js";
import type { SimulatorText } from "../../simulator-text.js";
import type { Judgement, Rng, TurnRecord } from "../../types.js";

/**
 * The travel user and judges (seed-mechanics.md). Two implementations: the built-in,
 * deterministic one (builtin-simulator.ts) and the LLM one (llm-simulator.ts). The mechanics
 * turn their judgements into rewards; a simulator never decides a reward itself.
 */

/** `value` of a search judgement: the aspect whose ground-truth arguments the request matches. */
export interface SearchVerdict {
  aspect: string | null;
}

/**
 * `value` of an utterance judgement, the seed's four types:
 * unrelated (1: not about preferences), targeted (2: a concrete question about a remaining
 * preference), absent (3: about a preference the user does not have), vague (4: too general).
 */
export interface UtteranceVerdict {
  type: "unrelated" | "targeted" | "absent" | "vague";
  /** The targeted preference's id (P1..), for type "targeted". */
  preference?: string;
}

export interface SearchInput {
  scenario: TravelScenario;
  request: string;
}

export interface UtteranceInput {
  scenario: TravelScenario;
  utterance: string;
  /** Preferences not yet revealed and not dropped by a locked aspect. */
  remaining: readonly TravelPreference[];
  history: readonly TurnRecord[];
}

export interface RevealInput {
  scenario: TravelScenario;
  preference: TravelPreference;
  /** The agent's question, or null for a proactive reveal. */
  utterance: string | null;
  history: readonly TurnRecord[];
  rng: Rng;
}

export interface ChatInput {
  scenario: TravelScenario;
  utterance: string;
  history: readonly TurnRecord[];
  rng: Rng;
}

export interface TravelSimulator {
  readonly spec: string;
  /** Judgement kind "search", value SearchVerdict. */
  judgeSearch(input: SearchInput): Promise<Judgement>;
  /** Judgement kind "utterance", value UtteranceVerdict. */
  judgeUtterance(input: UtteranceInput): Promise<Judgement>;
  /** The user's implicit reveal of one preference: it never states the preference outright. */
  reveal(input: RevealInput): Promise<string | SimulatorText>;
  /** A short neutral reply to an utterance that is not about preferences; it reveals nothing. */
  chat(input: ChatInput): Promise<string | SimulatorText>;
}
