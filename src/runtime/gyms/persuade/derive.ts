import type { PersuadeScenario } from "../../../compiler/gyms/persuade/ir.js";

/**
 * Ladder arithmetic of the persuade mechanics. The reward of a step and maxReturn come from the
 * compiler (src/compiler/gyms/persuade/derive.ts: persuadeStepReward, persuadeMaxReturn), so the
 * compiled maxReturn, the one re-derived after `--set`, and what the env pays cannot disagree.
 */

type Ladder = Pick<PersuadeScenario, "start" | "goal">;

/** +1 when the goal lies later on the ladder than the start, -1 when earlier, 0 when they are equal. */
export function direction(scenario: Ladder): number {
  return Math.sign(scenario.goal - scenario.start);
}

/** How many levels a stance (ladder index) lies from the start toward the goal; negative when it moved away. */
export function progressOf(scenario: Ladder, stance: number): number {
  return direction(scenario) * (stance - scenario.start);
}

/** The ladder index `levels` steps from the start toward the goal. */
export function stanceAt(scenario: Ladder, levels: number): number {
  return scenario.start + direction(scenario) * levels;
}
