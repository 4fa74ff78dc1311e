import { round6 } from "../round6.js";
import type { EpisodeRecord } from "../runtime/episode.js";
import type { MetricSpec } from "../runtime/gyms/gym-runtime.js";
import { gymNames, gymRuntime } from "../runtime/gyms/registry.js";

/**
 * The metrics of docs/metrics.md, for any group of episodes (overall, one gym, one shape, one
 * scenario). Rates over aspects, preferences, searches and actions pool the counts of the
 * group's episodes; a rate with an empty denominator is null.
 */
export interface CommonMetrics {
  episodes: number;
  scenarios: number;
  meanScore: number | null;
  meanReturn: number | null;
  meanTurns: number | null;
  /** pass@k for k = 1..K: the chance that at least one of k trials succeeds (unbiased, over the K trials run). */
  passAt: Record<string, number>;
  /** pass^k for k = 1..K: the chance that all of k trials succeed. */
  passHat: Record<string, number>;
  simulatorFallbacks: number;
  agentErrors: number;
  invalidTurns: number;
}

/**
 * The metrics of a group: the common ones, plus the metrics of every gym with episodes in the
 * group (GymRuntime.metrics: travel's bestRate, persuade's successRate, ...), side by side.
 */
export type GroupMetrics = CommonMetrics & { [gymMetric: string]: number | null | Record<string, number> };

export interface Summary {
  trials: number;
  complete: boolean;
  overall: GroupMetrics;
  byGym: Record<string, GroupMetrics>;
  byShape: Record<string, GroupMetrics>;
  /** The shapes of each gym's scenarios (shapes are named per gym: travel 2-3-3, intention H2-M1-L1, ...). */
  shapesByGym: Record<string, string[]>;
  byScenario: Record<string, GroupMetrics>;
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? round6(numerator / denominator) : null;
}

function mean(values: readonly number[]): number | null {
  return values.length > 0 ? round6(values.reduce((a, b) => a + b, 0) / values.length) : null;
}

function sumMetric(episodes: readonly EpisodeRecord[], key: string): number {
  return episodes.reduce((n, e) => n + (e.metrics[key] ?? 0), 0);
}

/** 1 - C(n-c, k) / C(n, k): unbiased pass@k from n trials with c successes (Chen et al., 2021). */
export function passAtK(n: number, c: number, k: number): number {
  if (k > n) throw new RangeError(`pass@${k} needs at least ${k} trials, got ${n}`);
  if (n - c < k) return 1;
  let failAll = 1;
  for (let i = 0; i < k; i++) failAll *= (n - c - i) / (n - i);
  return 1 - failAll;
}

/** C(c, k) / C(n, k): pass^k, the chance that k trials drawn from the n all succeed (tau-bench). */
export function passHatK(n: number, c: number, k: number): number {
  if (k > n) throw new RangeError(`pass^${k} needs at least ${k} trials, got ${n}`);
  if (c < k) return 0;
  let all = 1;
  for (let i = 0; i < k; i++) all *= (c - i) / (n - i);
  return all;
}

/** The metric specs of the gyms present among the episodes, in the registry's gym order. */
export function metricSpecsOf(episodes: readonly EpisodeRecord[]): MetricSpec[] {
  const present = new Set(episodes.map((e) => e.gym));
  return gymNames().filter((g) => present.has(g)).flatMap((g) => gymRuntime(g).metrics);
}

function gymMetrics(episodes: readonly EpisodeRecord[]): Record<string, number | null> {
  const values: Record<string, number | null> = {};
  for (const spec of metricSpecsOf(episodes)) {
    if (spec.kind === "ratio") {
      values[spec.name] = ratio(sumMetric(episodes, spec.numerator), sumMetric(episodes, spec.denominator));
    } else {
      values[spec.name] = mean(episodes.map((e) => e.metrics[spec.of]).filter((v): v is number => typeof v === "number"));
    }
  }
  return values;
}

export function groupMetrics(episodes: readonly EpisodeRecord[], trials: number): GroupMetrics {
  const byScenario = new Map<string, EpisodeRecord[]>();
  for (const e of episodes) byScenario.set(e.scenarioId, [...(byScenario.get(e.scenarioId) ?? []), e]);
  const passAt: Record<string, number> = {};
  const passHat: Record<string, number> = {};
  for (let k = 1; k <= trials; k++) {
    // A scenario with fewer than k finished trials (an interrupted run) has no pass@k yet.
    const eligible = [...byScenario.values()].filter((list) => list.length >= k);
    if (eligible.length === 0) continue;
    const counts = eligible.map((list) => [list.length, list.filter((e) => e.success).length] as const);
    passAt[String(k)] = round6(counts.reduce((s, [n, c]) => s + passAtK(n, c, k), 0) / counts.length);
    passHat[String(k)] = round6(counts.reduce((s, [n, c]) => s + passHatK(n, c, k), 0) / counts.length);
  }
  return {
    episodes: episodes.length,
    scenarios: byScenario.size,
    meanScore: mean(episodes.map((e) => e.score)),
    meanReturn: mean(episodes.map((e) => e.return)),
    ...gymMetrics(episodes),
    meanTurns: mean(episodes.map((e) => e.turnCount)),
    passAt,
    passHat,
    simulatorFallbacks: episodes.reduce((n, e) => n + e.simulatorFallbacks, 0),
    agentErrors: episodes.reduce((n, e) => n + e.agentErrors, 0),
    invalidTurns: episodes.reduce((n, e) => n + e.invalidTurns, 0),
  };
}

function groupBy(episodes: readonly EpisodeRecord[], key: (e: EpisodeRecord) => string, trials: number): Record<string, GroupMetrics> {
  const groups = new Map<string, EpisodeRecord[]>();
  for (const e of episodes) groups.set(key(e), [...(groups.get(key(e)) ?? []), e]);
  return Object.fromEntries([...groups.keys()].sort().map((k) => [k, groupMetrics(groups.get(k)!, trials)]));
}

function shapesByGym(episodes: readonly EpisodeRecord[]): Record<string, string[]> {
  const shapes = new Map<string, Set<string>>();
  for (const e of episodes) shapes.set(e.gym, (shapes.get(e.gym) ?? new Set()).add(e.shape));
  return Object.fromEntries([...shapes.keys()].sort().map((g) => [g, [...shapes.get(g)!].sort()]));
}

/** The run's summary; episodes are sorted first, so the result does not depend on finishing order. */
export function summarize(episodes: readonly EpisodeRecord[], trials: number, complete: boolean): Summary {
  const sorted = [...episodes].sort((a, b) => (a.scenarioId < b.scenarioId ? -1 : a.scenarioId > b.scenarioId ? 1 : a.trial - b.trial));
  return {
    trials,
    complete,
    overall: groupMetrics(sorted, trials),
    byGym: groupBy(sorted, (e) => e.gym, trials),
    byShape: groupBy(sorted, (e) => e.shape, trials),
    shapesByGym: shapesByGym(sorted),
    byScenario: groupBy(sorted, (e) => e.scenarioId, trials),
  };
}
