import { readFileSync } from "node:fs";
import pLimit from "p-limit";
import type { Scenario } from "../compiler/ir.js";
import { createAgent, type AgentOptions } from "../runtime/agents/registry.js";
import { createPolicyAgent, type PolicyTurnRecord } from "../runtime/agents/policy-agent.js";
import type { EpisodeRecord } from "../runtime/episode.js";
import { episodeFactory } from "../runtime/episode-factory.js";
import type { CacheMode } from "../runtime/llm/cache.js";
import { addStats, llmStatsOf, type LlmStats } from "../runtime/llm/stats.js";
import { weightsFromFile } from "../runtime/policy/softmax.js";
import { deriveSeed } from "../runtime/rng.js";
import { runEpisode } from "../runtime/rollout.js";
import type { Agent } from "../runtime/types.js";

/**
 * Rollout groups (issue 5, docs/rl.md): for each scenario, n trajectories with independent seeds,
 * run with the same concurrency, caching and fault handling as `ubc eval` (src/eval/run-eval.ts).
 * Any agent works: a spec for createAgent (`scripted:*`, `openai:<model>`, `policy:<file>`), an
 * Agent instance, or softmax weights. Members are returned in member order whatever order they
 * finish in, so the groups are a function of the inputs (for deterministic agents and simulators)
 * and never of the concurrency. An agent that fails (an LLM error after the client's retries)
 * ends its trajectory with status "error" — kept and counted, never thrown; env errors are bugs
 * and are thrown once the running episodes have finished.
 */

/** A linear-softmax policy given by its weights: one agent per trajectory, recording each turn's log-probability. */
export interface SoftmaxAgentSpec {
  policy: Float64Array;
  /** Sample from π with the episode's agent stream (training); default: the most probable act. */
  sample?: boolean;
  spec?: string;
}

export type GroupAgent = string | Agent | SoftmaxAgentSpec;

export interface RolloutGroupsOptions {
  scenarios: readonly Scenario[];
  agent: GroupAgent;
  /** Options of a spec'd agent (endpoint, sampling, retries, cache; see runtime/llm/config.ts). */
  agentOptions?: AgentOptions;
  /** The user simulator's spec (default "builtin"; or "openai:<model>"). */
  user?: string;
  userOptions?: Record<string, unknown>;
  /** The LLM cache mode of agent and user, as `ubc eval --cache` (overrides their options' `cache`). */
  cache?: CacheMode;
  /** Trajectories per scenario (default 8). */
  n?: number;
  /** The seed of member `member` of a scenario's group (default: deriveSeed("group", 0, scenario id, member)). */
  seedOf?: (scenario: Scenario, member: number) => number;
  /** Episodes in flight at once (default 4). */
  concurrency?: number;
  /** Aborting stops scheduling; episodes already running finish and are kept. */
  signal?: AbortSignal;
  /** Called as each trajectory finishes (in finishing order), with the count done and the total. */
  onTrajectory?(trajectory: Trajectory, done: number, total: number): void;
}

export interface Trajectory {
  scenarioId: string;
  gym: string;
  member: number;
  seed: number;
  /** Per-turn rewards. */
  rewards: number[];
  /** The agent's raw output per turn. */
  outputs: string[];
  /** Output tokens per turn: the agent's count (LLM usage) where it gave one, else 1. */
  tokens: number[];
  /** log π(chosen act) per turn, when the agent records it (softmax policies). */
  logprobs?: number[];
  /** The softmax policy's turn records (candidate features, chosen index, log-probability), for its update. */
  policyTurns?: PolicyTurnRecord[];
  return: number;
  score: number;
  success: boolean;
  status: EpisodeRecord["status"];
  error?: string;
  /** The whole episode record (turns with feedback, judgements, counters, ...). */
  record: EpisodeRecord;
}

export interface RolloutGroup {
  scenarioId: string;
  gym: string;
  /** In member order; after a stop, only the members that ran. */
  trajectories: Trajectory[];
}

export interface RolloutGroupsResult {
  /** One per scenario, in the scenarios' order. */
  groups: RolloutGroup[];
  /** Trajectories that ended in an agent error. */
  errors: number;
  /** The signal stopped the run before every trajectory ran. */
  stopped: boolean;
  /** LLM traffic of the agent and the user simulators, when they use an LLM. */
  llm: { agent?: LlmStats; user?: LlmStats };
}

export const DEFAULT_GROUP_SIZE = 8;
export const DEFAULT_GROUP_CONCURRENCY = 4;

function isSoftmaxSpec(agent: GroupAgent): agent is SoftmaxAgentSpec {
  return typeof agent === "object" && "policy" in agent && agent.policy instanceof Float64Array;
}

/** `policy:<file>` as weights, so its trajectories carry log-probabilities (createAgent checks the file first). */
function resolveAgent(agent: GroupAgent, options: AgentOptions): Agent | SoftmaxAgentSpec {
  if (typeof agent !== "string") return agent;
  const created = createAgent(agent, options);
  if (!agent.startsWith("policy:")) return created;
  const path = agent.slice("policy:".length);
  return { policy: weightsFromFile(JSON.parse(readFileSync(path, "utf8")), path), spec: created.spec };
}

function trajectoryOf(record: EpisodeRecord, member: number, policyTurns: PolicyTurnRecord[] | undefined): Trajectory {
  const trajectory: Trajectory = {
    scenarioId: record.scenarioId,
    gym: record.gym,
    member,
    seed: record.seed,
    rewards: record.turns.map((t) => t.reward),
    outputs: record.turns.map((t) => t.raw),
    tokens: record.turns.map((t) => t.outputTokens ?? 1),
    return: record.return,
    score: record.score,
    success: record.success,
    status: record.status,
    record,
  };
  if (policyTurns) {
    trajectory.policyTurns = policyTurns;
    trajectory.logprobs = policyTurns.map((t) => t.logProb);
  }
  if (record.error !== undefined) trajectory.error = record.error;
  return trajectory;
}

export async function rolloutGroups(options: RolloutGroupsOptions): Promise<RolloutGroupsResult> {
  const n = options.n ?? DEFAULT_GROUP_SIZE;
  const concurrency = options.concurrency ?? DEFAULT_GROUP_CONCURRENCY;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`group size n must be a whole number of at least 1, got ${n}`);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a whole number of at least 1, got ${concurrency}`);
  const user = options.user ?? "builtin";
  const seedOf = options.seedOf ?? ((scenario: Scenario, member: number) => deriveSeed("group", 0, scenario.id, member));
  const llmOptions = options.cache !== undefined ? { cache: options.cache } : {};
  const agent = resolveAgent(options.agent, { ...options.agentOptions, ...llmOptions });
  const episodes = episodeFactory({ scenarios: options.scenarios, user, userOptions: { ...options.userOptions, ...llmOptions } });

  const slots: (Trajectory | undefined)[][] = options.scenarios.map(() => new Array<Trajectory | undefined>(n).fill(undefined));
  const limit = pLimit(concurrency);
  const total = options.scenarios.length * n;
  let finished = 0;
  let errors = 0;
  let failure: unknown;
  const stopped = () => options.signal?.aborted === true || failure !== undefined;

  const run = async (scenario: Scenario, g: number, member: number): Promise<void> => {
    if (stopped()) return;
    try {
      let policyTurns: PolicyTurnRecord[] | undefined;
      let episodeAgent: Agent;
      if (isSoftmaxSpec(agent)) {
        const turns: PolicyTurnRecord[] = [];
        policyTurns = turns;
        episodeAgent = createPolicyAgent(agent.policy, { sample: agent.sample ?? false, record: (_seed, turn) => turns.push(turn), ...(agent.spec !== undefined && { spec: agent.spec }) });
      } else {
        episodeAgent = agent;
      }
      const record = await runEpisode({ env: episodes.env(scenario), agent: episodeAgent, scenario, seed: seedOf(scenario, member), trial: member, user, systemPrompt: episodes.systemPrompt(scenario) });
      const trajectory = trajectoryOf(record, member, policyTurns);
      slots[g]![member] = trajectory;
      if (record.error !== undefined) errors++;
      finished++;
      options.onTrajectory?.(trajectory, finished, total);
    } catch (error) {
      failure ??= error;
    }
  };

  await Promise.allSettled(options.scenarios.flatMap((scenario, g) => Array.from({ length: n }, (_, member) => limit(() => run(scenario, g, member)))));
  if (failure !== undefined) throw failure;

  const groups = options.scenarios.map((scenario, g) => ({
    scenarioId: scenario.id,
    gym: scenario.gym,
    trajectories: slots[g]!.filter((t): t is Trajectory => t !== undefined),
  }));
  const llm: RolloutGroupsResult["llm"] = {};
  const agentStats = llmStatsOf(agent);
  if (agentStats) llm.agent = agentStats;
  for (const simulator of episodes.simulators()) {
    const userStats = llmStatsOf(simulator);
    if (userStats) llm.user = llm.user ? addStats(llm.user, userStats) : userStats;
  }
  return { groups, errors, stopped: finished < total, llm };
}
