import { round6 } from "../round6.js";
import type { Scenario } from "../compiler/ir.js";
import { createPolicyAgent } from "../runtime/agents/policy-agent.js";
import { episodeFactory } from "../runtime/episode-factory.js";
import { FEATURE_NAMES } from "../runtime/policy/features.js";
import { initialWeights, logSoftmax } from "../runtime/policy/softmax.js";
import { deriveSeed } from "../runtime/rng.js";
import { runEpisode } from "../runtime/rollout.js";
import { assignGroupCredit, resolveCreditSettings, type CreditSettings } from "./advantages.js";
import { DEFAULT_TRAIN } from "./defaults.js";
import { Adam, DEFAULT_PPO, ppoLoss, type PolicySample, type PpoSettings } from "./ppo.js";
import { rolloutGroups } from "./rollout-groups.js";
import type { IterationMetrics, Stats } from "../runs/train-files.js";

/**
 * The CPU training loop of the softmax policy: per iteration, a group of sampled episodes per
 * scenario (built-in simulator; src/rl/rollout-groups.ts, `concurrency` at a time, gathered in
 * member order so the batch never depends on the concurrency), group-relative advantages from
 * src/rl/advantages.ts (each turn is one token), then `epochs` full-batch Adam steps on the clipped objective (src/rl/ppo.ts).
 * Everything is a function of the settings and the seed; only wall time varies between runs.
 */

export interface TrainSettings {
  scenarios: readonly Scenario[];
  /** Trajectories per scenario per iteration (n of the group). */
  group: number;
  iterations: number;
  credit: CreditSettings;
  /** Adam's step size. */
  lr: number;
  /** Full-batch optimisation steps per iteration on the same rollouts (the PPO ratio moves away from 1 after the first). */
  epochs: number;
  ppo: PpoSettings;
  seed: number;
  /** Starting weights (default: all 0, the uniform policy). */
  initial?: Float64Array;
  /** Episodes in flight at once during rollouts (default 4); the results do not depend on it. */
  concurrency?: number;
}

// Defined in defaults.ts, which `ubc train --help` loads without the runtimes.
export { DEFAULT_TRAIN };
// The metrics.jsonl line, defined with the run folder's other formats (src/runs/train-files.ts).
export type { IterationMetrics, Stats };



export interface TrainHooks {
  onIteration?(metrics: IterationMetrics, weights: Float64Array): void;
  now?: () => number;
  signal?: AbortSignal;
}

export interface TrainResult {
  weights: Float64Array;
  metrics: IterationMetrics[];
}

/**
 * Rounds to 6 decimals for the metrics file (the weights themselves are never rounded). The `|| 0`
 * is kept on purpose: a NaN (a loss or KL that diverged) would reach JSON as null, and the metrics
 * file has always written 0 there. (It also turns -0 into 0, which JSON writes alike anyway.)
 */
export function r6(x: number): number {
  return round6(x) || 0;
}

function stats(values: readonly number[]): Stats {
  if (values.length === 0) return { mean: 0, std: 0, min: 0, max: 0 };
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = sum / values.length;
  let sq = 0;
  for (const v of values) sq += (v - mean) ** 2;
  return { mean: r6(mean), std: r6(Math.sqrt(sq / values.length)), min: r6(min), max: r6(max) };
}

/** The seed of trajectory `member` of a scenario's group in one iteration. */
export function trainEpisodeSeed(runSeed: number, iteration: number, scenarioId: string, member: number): number {
  return deriveSeed("train", runSeed, iteration, scenarioId, member);
}

export async function train(settings: TrainSettings, hooks: TrainHooks = {}): Promise<TrainResult> {
  const now = hooks.now ?? (() => performance.now());
  const credit = resolveCreditSettings(settings.credit);
  const weights = settings.initial ? Float64Array.from(settings.initial) : initialWeights();
  if (weights.length !== FEATURE_NAMES.length) throw new RangeError(`expected ${FEATURE_NAMES.length} weights, got ${weights.length}`);
  const reference = Float64Array.from(weights);
  const optimizer = new Adam(weights.length, settings.lr);
  const ppo = settings.ppo ?? DEFAULT_PPO;
  const metrics: IterationMetrics[] = [];

  for (let iteration = 0; iteration < settings.iterations; iteration++) {
    // Rollouts with the built-in simulator never wait on I/O: yield once per iteration so a signal handler (SIGINT) can run.
    await new Promise((resolve) => setImmediate(resolve));
    if (hooks.signal?.aborted) break;
    const started = now();
    const { groups, stopped } = await rolloutGroups({
      scenarios: settings.scenarios,
      agent: { policy: weights, sample: true },
      n: settings.group,
      seedOf: (s, m) => trainEpisodeSeed(settings.seed, iteration, s.id, m),
      concurrency: settings.concurrency ?? DEFAULT_TRAIN.concurrency,
      ...(hooks.signal && { signal: hooks.signal }),
    });
    // A stop during the rollouts leaves an incomplete batch: no update on it.
    if (stopped) break;
    const failed = groups.flatMap((g) => g.trajectories).find((t) => t.status === "error");
    if (failed) throw new Error(`policy episode failed on '${failed.scenarioId}': ${failed.error}`);

    const samples: PolicySample[] = [];
    const scores: number[] = [];
    const advantages: number[] = [];
    for (const group of groups) {
      const credits = assignGroupCredit(group.trajectories.map((t) => ({ rewards: t.rewards, tokens: t.tokens })), credit);
      credits.forEach((trajectory, i) => {
        scores.push(trajectory.score);
        const episodeTurns = group.trajectories[i]!.policyTurns!;
        trajectory.turnAdvantages.forEach((advantage, t) => {
          const turn = episodeTurns[t]!;
          advantages.push(advantage);
          const sample: PolicySample = { features: turn.features, chosen: turn.chosen, logProbOld: turn.logProb, advantage };
          if (ppo.klCoef !== 0) sample.logProbRef = logSoftmax(reference, turn.features);
          samples.push(sample);
        });
      });
    }

    const before = ppoLoss(weights, samples, ppo);
    let last = before;
    for (let epoch = 0; epoch < settings.epochs; epoch++) {
      const current = epoch === 0 ? before : ppoLoss(weights, samples, ppo);
      optimizer.step(weights, current.gradient);
    }
    last = ppoLoss(weights, samples, ppo);

    const all = groups.flatMap((g) => g.trajectories.map((t) => t.record));
    const byGym = new Map<string, number[]>();
    for (const r of all) byGym.set(r.gym, [...(byGym.get(r.gym) ?? []), r.score]);
    const mean = (xs: readonly number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
    const advStats = stats(advantages);
    const m: IterationMetrics = {
      iteration,
      episodes: all.length,
      meanReturn: r6(mean(all.map((r) => r.return))),
      meanScore: r6(mean(all.map((r) => r.score))),
      successRate: r6(mean(all.map((r) => (r.success ? 1 : 0)))),
      meanTurns: r6(mean(all.map((r) => r.turnCount))),
      scoreByGym: Object.fromEntries([...byGym].sort(([a], [b]) => a.localeCompare(b)).map(([gym, xs]) => [gym, r6(mean(xs))])),
      trajectoryScore: stats(scores),
      advantage: { ...advStats, zeroShare: r6(advantages.filter((a) => a === 0).length / Math.max(1, advantages.length)) },
      update: { lossBefore: r6(before.loss), lossAfter: r6(last.loss), clipFraction: r6(last.clipFraction), kl: r6(last.kl) },
      wallMs: Math.round(now() - started),
    };
    metrics.push(m);
    hooks.onIteration?.(m, weights);
  }
  return { weights, metrics };
}

/** The greedy policy's mean score over `trials` episodes per scenario (evaluation seeds). */
export async function evaluateGreedy(scenarios: readonly Scenario[], weights: Float64Array, trials: number, seed: number): Promise<{ meanScore: number; scoreByGym: Record<string, number> }> {
  const byGym = new Map<string, number[]>();
  const episodes = episodeFactory({ scenarios });
  const agent = createPolicyAgent(weights);
  for (const scenario of scenarios) {
    for (let trial = 0; trial < trials; trial++) {
      // The policy reads features of the observation, never the system prompt; it gets the one every agent gets.
      const record = await runEpisode({ env: episodes.env(scenario), agent, scenario, seed: deriveSeed("train-eval", seed, scenario.id, trial), trial, user: episodes.user, systemPrompt: episodes.systemPrompt(scenario) });
      byGym.set(scenario.gym, [...(byGym.get(scenario.gym) ?? []), record.score]);
    }
  }
  const all = [...byGym.values()].flat();
  const mean = (xs: readonly number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
  return { meanScore: r6(mean(all)), scoreByGym: Object.fromEntries([...byGym].map(([g, xs]) => [g, r6(mean(xs))])) };
}
