import { round6 } from "../../../round6.js";
import type { PersuadeScenario } from "../../../compiler/gyms/persuade/ir.js";
import type { EpisodeOutcome, Rng, TurnRecord } from "../../types.js";
import { goalSpan } from "../../../compiler/gyms/persuade/derive.js";
import { progressOf } from "./derive.js";

/** The mutable state of one persuade episode. */
export class PersuadeState {
  turn = 0;
  over = false;
  /** The persona's current stance, a ladder index (it may move back, away from the goal). */
  stance: number;
  /** The most ladder levels toward the goal the persona has reached so far (0 .. goalSpan): only progress beyond it pays. */
  best = 0;
  /** Earlier arguments that touched each reason, by id. */
  readonly argued = new Map<string, number>();
  /** `[answer]` turns, fallbacks included. */
  arguments = 0;
  /** `[answer]` turns the persona could not judge (left out of the outcome's `arguments`). */
  fallbacks = 0;
  /** Judged arguments that touched at least one of the persona's reasons. */
  touchedArguments = 0;
  successTurn: number | null = null;
  invalidTurns = 0;
  /** The understood turns so far, for the simulator's view of the conversation. */
  readonly history: TurnRecord[] = [];

  constructor(
    readonly scenario: PersuadeScenario,
    /** Handed to the simulator for its replies (a stream of its own, so replays stay aligned). */
    readonly userRng: Rng,
  ) {
    this.stance = scenario.start;
  }

  get goalReached(): boolean {
    return this.best >= goalSpan(this.scenario);
  }

  /**
   * Moves the persona to `stance` and returns the levels newly gained toward the goal: those
   * beyond the best stance so far, capped at the goal, so swinging back and forth earns nothing.
   */
  moveTo(stance: number): number {
    this.stance = stance;
    const reached = Math.min(goalSpan(this.scenario), Math.max(0, progressOf(this.scenario, stance)));
    const gained = Math.max(0, reached - this.best);
    this.best += gained;
    if (this.goalReached && this.successTurn === null) this.successTurn = this.turn;
    return gained;
  }

  counters(): Record<string, number> {
    return {
      turn: this.turn,
      stance: this.stance,
      stanceGain: this.best,
      arguments: this.arguments,
      touchedArguments: this.touchedArguments,
      invalidTurns: this.invalidTurns,
      simulatorFallbacks: this.fallbacks,
    };
  }

  /** Score: the best progress toward the goal as a share of the way (1 when the start is the goal). */
  outcome(): EpisodeOutcome {
    const levels = goalSpan(this.scenario);
    const score = levels === 0 ? 1 : this.best / levels;
    return {
      score: round6(score),
      metrics: {
        goalLevels: levels,
        goalReached: this.goalReached ? 1 : 0,
        stanceGain: this.best,
        successTurn: this.successTurn,
        arguments: this.arguments - this.fallbacks,
        touchedArguments: this.touchedArguments,
      },
    };
  }
}
