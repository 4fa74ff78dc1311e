import { expect } from "vitest";
import type { Scenario } from "../../src/compiler/ir.js";
import { rescoreEpisode, type RescoredEpisode } from "../../src/runtime/rescore.js";
import type { StepResult } from "../../src/runtime/types.js";
import { playSteps, resetEnv } from "./play-episode.js";

/**
 * Re-scores a played episode from the judgements its steps recorded (no simulator) and checks that
 * this gives the same reward and the same feedback at every step. Only the actions that were
 * played count (an episode that ended early leaves the rest of the script out). Returns the
 * re-scored episode for further checks (outcome, how it ended).
 */
export async function expectRescoresExactly(scenario: Scenario, seed: number, actions: readonly string[], steps: readonly StepResult[]): Promise<RescoredEpisode> {
  const rescored = await rescoreEpisode(scenario, seed, actions.slice(0, steps.length), steps.map((s) => s.info.judgements));
  expect(rescored.rewards).toEqual(steps.map((s) => s.reward));
  expect(rescored.feedback).toEqual(steps.map((s) => s.observation.feedback));
  return rescored;
}

/** Plays every action with the built-in user, then re-scores the episode exactly, its outcome included; returns the re-scored episode. */
export async function expectBuiltinEpisodeRescores(scenario: Scenario, seed: number, actions: readonly string[]): Promise<RescoredEpisode> {
  const env = await resetEnv(scenario, undefined, seed);
  const rescored = await expectRescoresExactly(scenario, seed, actions, await playSteps(env, actions));
  expect(rescored.outcome).toEqual(env.outcome!());
  return rescored;
}
