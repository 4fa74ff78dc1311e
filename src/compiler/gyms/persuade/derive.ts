import { round6 } from "../../../round6.js";
import { clipReward } from "../../rewards.js";
import type { PersuadeScenario } from "./ir.js";
import { soloArgument, stanceMove, touchedReasons } from "./judge.js";

/**
 * What the compiler derives for a persuade scenario, and the reference play every derivation
 * rests on. The runtime imports these, so the compiled maxReturn and the one a run re-derives
 * (after `--set`) can never disagree.
 */

/** Ladder levels between the starting stance and the goal. */
export function goalSpan(scenario: Pick<PersuadeScenario, "start" | "goal">): number {
  return Math.abs(scenario.goal - scenario.start);
}

/**
 * Levels the first argument touching each reason moves the built-in persona: the span shared out
 * over the reasons, the remainder going to the first ones (span 4 over 3 reasons: 2, 1, 1), so
 * the goal needs every reason whenever there are no more reasons than levels. A reason moves at
 * least one level.
 */
export function reasonLevels(span: number, reasonCount: number): number[] {
  const count = Math.max(1, reasonCount);
  const base = Math.floor(span / count);
  return Array.from({ length: reasonCount }, (_, i) => Math.max(1, base + (i < span % count ? 1 : 0)));
}

/** `L<levels from start to goal>-R<reasons>`, e.g. `L6-R3`. */
export function persuadeShape(span: number, reasonCount: number): string {
  return `L${span}-R${reasonCount}`;
}

export interface ReferenceTurn {
  /** The reason argued (its id). */
  reason: string;
  /** The argument: the reason's solo cue (judge.ts soloArgument). */
  argument: string;
  /** Levels newly gained toward the goal (capped at the goal). */
  gain: number;
  /** The best levels reached before this turn. */
  before: number;
}

export interface ReferencePlay {
  turns: ReferenceTurn[];
  /** Whether the play ends on the goal stance. */
  reached: boolean;
  /** Reasons the play skipped because no argument touches them alone, by id. */
  skipped: string[];
}

/**
 * The oracle's play with the built-in persona: one argument per turn, the reasons in id order,
 * each argued once with its solo argument (a reason without one is skipped), the persona judged
 * by judge.ts (touchedReasons, stanceMove), until the goal is reached. With the derived levels
 * every argued reason gains `levels` (the last one the rest of the way), so the play takes
 * ceil(span / levels) turns whenever enough reasons can be argued alone.
 */
export function referencePlay(scenario: PersuadeScenario): ReferencePlay {
  const turns: ReferenceTurn[] = [];
  const skipped: string[] = [];
  const argued = new Map<string, number>();
  let left = goalSpan(scenario);
  for (const reason of scenario.reasons) {
    if (left <= 0) break;
    const argument = soloArgument(scenario, reason);
    if (argument === undefined) {
      skipped.push(reason.id);
      continue;
    }
    const touched = touchedReasons(scenario, argument);
    const move = stanceMove(scenario, touched, argued);
    for (const id of touched) argued.set(id, (argued.get(id) ?? 0) + 1);
    const gain = Math.min(move, left);
    turns.push({ reason: reason.id, argument, gain, before: goalSpan(scenario) - left });
    left -= gain;
  }
  return { turns, reached: left <= 0, skipped };
}

/** The progress value of having reached `levels` toward the goal, to 6 places. */
function progressValue(scenario: Pick<PersuadeScenario, "ladder" | "rewards">, levels: number): number {
  return round6((scenario.rewards.progress * levels) / (scenario.ladder.length - 1));
}

/**
 * One step's reward as the env pays it: the progress value of the best levels reached after the
 * step less that before it (so the rewards of any play add up to exactly the value of its best
 * stance, however the levels were split over turns), plus the step reward, clipped, to 6 places.
 */
export function persuadeStepReward(scenario: Pick<PersuadeScenario, "ladder" | "rewards" | "knobs">, before: number, after: number): number {
  const progress = after > before ? progressValue(scenario, after) - progressValue(scenario, before) : 0;
  return round6(clipReward(progress + scenario.rewards.step, scenario.knobs.clip));
}

/**
 * maxReturn: what the reference play earns, each turn paid as the env pays it. Without a step
 * penalty or clip it is progress × span / (ladder length − 1), and no play earns more, since only
 * progress beyond the best stance so far pays. (With a penalty or a clip an argument touching
 * several reasons at once could do better; as in the travel gym, maxReturn is the reference
 * play's return.) It does not look at max_turns: the turn-budget lint (UB3006) does.
 */
export function persuadeMaxReturn(scenario: PersuadeScenario): number {
  return round6(referencePlay(scenario).turns.reduce((sum, turn) => sum + persuadeStepReward(scenario, turn.before, turn.before + turn.gain), 0));
}
