import type { Scenario } from "../../src/compiler/ir.js";
import { createEnv } from "../../src/runtime/environment.js";
import type { Env, StepResult } from "../../src/runtime/types.js";

/** Playing an episode's actions through an env, with the built-in user unless a simulator is given. */

/** A reset env over a scenario, with the built-in simulator unless one is given. */
export async function resetEnv(scenario: Scenario, simulator?: unknown, seed = 1): Promise<Env> {
  const env = createEnv(scenario, simulator ? { simulator } : {});
  await env.reset({ seed });
  return env;
}

/** Steps every action, in order (stepping past the episode's end throws, as the env does). */
export async function playSteps(env: Env, actions: readonly string[]): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (const action of actions) results.push(await env.step(action));
  return results;
}

/** Steps the actions in order until one ends the episode (terminated or truncated); the rest are not played. */
export async function playUntilEnd(env: Env, actions: readonly string[], afterStep?: (step: StepResult) => void): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (const action of actions) {
    const step = await env.step(action);
    results.push(step);
    afterStep?.(step);
    if (step.terminated || step.truncated) break;
  }
  return results;
}

/** A whole episode with the built-in user: reset with the seed, then the actions until the episode ends. */
export async function playEpisode(scenario: Scenario, seed: number, actions: readonly string[]): Promise<StepResult[]> {
  return playUntilEnd(await resetEnv(scenario, undefined, seed), actions);
}
