import { round6 } from "../round6.js";
import type { Scenario } from "../compiler/ir.js";
import type { EpisodeRecord, TurnLog } from "./episode.js";
import { streamRng } from "./rng.js";
import type { Agent, AgentEpisode, AgentTurn, Env, EpisodeOutcome, StepResult, TurnRecord } from "./types.js";

export interface RolloutOptions {
  env: Env;
  agent: Agent;
  /** The scenario as run (after overrides): its maxReturn is recorded. */
  scenario: Scenario;
  seed: number;
  trial: number;
  user: string;
  systemPrompt: string;
}

/** Success is a perfect score; the float guard keeps 0.999999 sums from passing or failing by accident. */
export function isSuccess(score: number): boolean {
  return score >= 1 - 1e-9;
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Runs one episode, agent against env. An agent that throws ends its episode with status
 * "error" (recorded with the turns so far); it never takes the run down. Env errors are bugs
 * and propagate.
 */
export async function runEpisode(options: RolloutOptions): Promise<EpisodeRecord> {
  const { env, agent, scenario, seed, trial } = options;
  const reset = await env.reset({ seed });
  const turns: TurnLog[] = [];
  const history: TurnRecord[] = [];
  let total = 0;
  let last: StepResult | undefined;
  let error: string | undefined;

  let observation = reset.observation;
  let episode: AgentEpisode | undefined;
  try {
    episode = await agent.begin({ scenario, seed, choices: reset.info.choices, systemPrompt: options.systemPrompt, rng: streamRng(seed, "agent") });
  } catch (caught) {
    error = describeError(caught);
  }
  while (episode) {
    let out: AgentTurn;
    try {
      out = await episode.act(observation, history);
    } catch (caught) {
      error = describeError(caught);
      break;
    }
    // An output the agent could not turn into an action still spends the turn: the env reads
    // the raw text (it may hold a bracketed action after all) and explains the format if not.
    last = await env.step(out.action ?? out.raw, out.action === null ? out.invalid : undefined);
    total += last.reward;
    const log: TurnLog = {
      turn: last.observation.turn,
      action: last.info.action,
      raw: out.raw,
      feedback: last.observation.feedback,
      reward: last.reward,
      judgements: last.info.judgements,
      counters: last.info.counters,
      terminated: last.terminated,
      truncated: last.truncated,
    };
    // The env was given the agent's own reason for unreadable output: the agent was told what is recorded.
    if (last.info.invalid !== undefined) log.invalid = last.info.invalid;
    if (out.ignoredToolCalls !== undefined) log.ignoredToolCalls = out.ignoredToolCalls;
    if (out.outputTokens !== undefined) log.outputTokens = out.outputTokens;
    if (out.promptTokens !== undefined) log.promptTokens = out.promptTokens;
    turns.push(log);
    if (last.info.action) history.push({ action: last.info.action, feedback: last.observation.feedback, reward: last.reward });
    observation = last.observation;
    if (last.terminated || last.truncated) break;
  }

  const outcome: EpisodeOutcome = env.outcome?.() ?? { score: scenario.maxReturn > 0 ? Math.max(0, total) / scenario.maxReturn : 0, metrics: {} };
  const counters = last?.info.counters ?? {};
  const record: EpisodeRecord = {
    scenarioId: scenario.id,
    gym: scenario.gym,
    hash: scenario.hash,
    shape: scenario.shape,
    trial,
    seed,
    agent: agent.spec,
    user: options.user,
    maxReturn: scenario.maxReturn,
    opening: reset.observation.feedback,
    turns,
    status: error !== undefined ? "error" : last?.terminated ? "terminated" : "truncated",
    return: round6(total),
    score: outcome.score,
    success: error === undefined && isSuccess(outcome.score),
    terminated: last?.terminated ?? false,
    truncated: last?.truncated ?? false,
    turnCount: turns.length,
    invalidTurns: turns.filter((t) => t.invalid !== undefined).length,
    simulatorFallbacks: counters.simulatorFallbacks ?? turns.reduce((n, t) => n + t.judgements.filter((j) => j.source === "fallback").length, 0),
    agentErrors: error !== undefined ? 1 : 0,
    metrics: outcome.metrics,
  };
  if (error !== undefined) record.error = error;
  return record;
}
