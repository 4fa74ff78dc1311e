import type { Scenario } from "../../src/compiler/ir.js";
import { gymRuntime } from "../../src/runtime/gyms/registry.js";
import type { Env, Judgement, StepResult } from "../../src/runtime/types.js";

/**
 * Episodes whose user answers with judgements the test gives (the gym's recorded simulator), so the
 * mechanics can be driven by any judge or persona, however it behaves.
 */

/** A reset env whose user answers each step with the judgements passed to `step`. */
export async function replayEnv(scenario: Scenario, seed = 1): Promise<{ env: Env; step(action: string, judgements: Judgement[]): Promise<StepResult> }> {
  const replay = gymRuntime(scenario.gym).createReplayEnv(scenario);
  await replay.env.reset({ seed });
  return {
    env: replay.env,
    async step(action: string, judgements: Judgement[]) {
      replay.feed(judgements);
      return replay.env.step(action);
    },
  };
}

/**
 * Plays the actions, each answered with its list of judgements, until one ends the episode; then
 * checks that no recorded judgement was left over (a ReplayMismatchError otherwise).
 */
export async function replayEpisode(scenario: Scenario, seed: number, actions: readonly string[], judgements: readonly Judgement[][]): Promise<StepResult[]> {
  const { env, feed, finish } = gymRuntime(scenario.gym).createReplayEnv(scenario);
  await env.reset({ seed });
  const out: StepResult[] = [];
  for (let i = 0; i < actions.length; i++) {
    feed(judgements[i]!);
    const step = await env.step(actions[i]!);
    out.push(step);
    if (step.terminated || step.truncated) break;
  }
  finish();
  return out;
}
