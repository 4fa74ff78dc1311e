import { round6 } from "../round6.js";
import type { Scenario } from "../compiler/ir.js";
import type { EpisodeRecord } from "./episode.js";
import { runtimeFor } from "./gyms/registry.js";
import type { Action, EpisodeOutcome, Judgement } from "./types.js";

export interface RescoredEpisode {
  rewards: number[];
  feedback: string[];
  return: number;
  outcome: EpisodeOutcome | undefined;
  terminated: boolean;
  truncated: boolean;
}

/**
 * Replays an episode's mechanics with a simulator that answers from the recorded judgements:
 * rewards are a pure function of (IR, seed, actions, judgements), so this reproduces them (and
 * the feedback) without any LLM. Pass the IR as it ran (after overrides).
 */
export async function rescoreEpisode(
  ir: Scenario,
  seed: number,
  actions: readonly (Action | string)[],
  judgements: readonly (readonly Judgement[])[],
  /** Per action, the reason an unreadable output was refused with (the agent's, as recorded). */
  unreadable: readonly (string | undefined)[] = [],
): Promise<RescoredEpisode> {
  if (actions.length !== judgements.length) throw new Error(`rescoring needs one judgement list per action (${actions.length} actions, ${judgements.length} lists)`);
  const { env, feed, finish } = runtimeFor(ir).createReplayEnv(ir);
  await env.reset({ seed });
  const result: RescoredEpisode = { rewards: [], feedback: [], return: 0, outcome: undefined, terminated: false, truncated: false };
  let total = 0;
  for (let i = 0; i < actions.length; i++) {
    feed(judgements[i]!);
    const step = await env.step(actions[i]!, unreadable[i]);
    result.rewards.push(step.reward);
    result.feedback.push(step.observation.feedback);
    total += step.reward;
    result.terminated = step.terminated;
    result.truncated = step.truncated;
  }
  finish();
  result.return = round6(total);
  result.outcome = env.outcome?.();
  return result;
}

/** Re-scores a logged episode (see rescoreEpisode); invalid turns replay their raw output. */
export function rescoreRecord(ir: Scenario, record: EpisodeRecord): Promise<RescoredEpisode> {
  return rescoreEpisode(
    ir,
    record.seed,
    record.turns.map((t) => t.action ?? t.raw),
    record.turns.map((t) => t.judgements),
    record.turns.map((t) => (t.action === null ? t.invalid : undefined)),
  );
}
