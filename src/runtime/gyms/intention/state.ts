import { round6 } from "../../../round6.js";
import type { IntentionDetail, IntentionScenario } from "../../../compiler/gyms/intention/ir.js";
import type { EpisodeOutcome, Rng, TurnRecord } from "../../types.js";
import { IMPORTANCE_WEIGHT } from "./derive.js";

/** The mutable state of one intention episode. */
export class IntentionState {
  turn = 0;
  over = false;
  /** Covered details, by id, with the turn that covered them: each detail counts once ever. */
  readonly covered = new Map<string, number>();
  /** `[action]` turns, fallbacks included. */
  questions = 0;
  /** Questions whose judgement or reply fell back (left out of the outcome's `questions`). */
  fallbacks = 0;
  onTaskQuestions = 0;
  invalidTurns = 0;
  readonly history: TurnRecord[] = [];

  constructor(
    readonly scenario: IntentionScenario,
    /** The answer the user has in mind per detail id this episode (null: none declared). */
    readonly intent: ReadonlyMap<string, string | null>,
    /** Handed to the simulator for its reply picks and LLM seeds. */
    readonly userRng: Rng,
  ) {}

  remaining(): IntentionDetail[] {
    return this.scenario.details.filter((d) => !this.covered.has(d.id));
  }

  allCovered(): boolean {
    return this.covered.size === this.scenario.details.length;
  }

  private tally(): { coveredWeight: number; coveredHigh: number } {
    let coveredWeight = 0;
    let coveredHigh = 0;
    for (const d of this.scenario.details) {
      if (!this.covered.has(d.id)) continue;
      coveredWeight += IMPORTANCE_WEIGHT[d.importance];
      if (d.importance === "high") coveredHigh++;
    }
    return { coveredWeight, coveredHigh };
  }

  counters(): Record<string, number> {
    return {
      turn: this.turn,
      questions: this.questions,
      onTaskQuestions: this.onTaskQuestions,
      coveredDetails: this.covered.size,
      ...this.tally(),
      invalidTurns: this.invalidTurns,
      simulatorFallbacks: this.fallbacks,
    };
  }

  /** Score: the share of the details covered. */
  outcome(): EpisodeOutcome {
    const details = this.scenario.details;
    const { coveredWeight, coveredHigh } = this.tally();
    return {
      score: round6((this.covered.size / details.length)),
      metrics: {
        details: details.length,
        coveredDetails: this.covered.size,
        weightTotal: details.reduce((n, d) => n + IMPORTANCE_WEIGHT[d.importance], 0),
        coveredWeight,
        highDetails: details.filter((d) => d.importance === "high").length,
        coveredHigh,
        questions: this.questions - this.fallbacks,
        onTaskQuestions: this.onTaskQuestions,
      },
    };
  }
}
