import { TURN_CREDITS, turnCredits, type TurnCredit } from "./credit.js";
import { DEFAULT_CREDIT } from "./defaults.js";
import { TRAJECTORY_SCORES, trajectoryScore, type TrajectoryScore } from "./score.js";

/**
 * Group-relative advantages and their spread over turns and tokens (docs/rl.md):
 *   Â_i = (S_i − mean(S)) / (std(S) + ε), std unbiased (n − 1), ε = 1e-6;
 *   a_t = c_t · Â · N / E with E = Σ_t c_t T_t and N = Σ_{t: c_t≠0} T_t.
 */

/** ε of the advantage's denominator. */
export const ADVANTAGE_EPSILON = 1e-6;

/**
 * A group's scores count as all equal (every Â is 0) when max(S) − min(S) ≤ this × max(1, max|S_i|).
 * Scores that are equal in exact arithmetic can differ in their last bits (0.1 + 0.2 + 0.3 is not
 * 0.3 + 0.2 + 0.1), and (S − mean)/(0 + ε) would turn that noise into advantages of any size. Below
 * magnitude 1 the cut-off is absolute (1e-12), where the formula would give |Â| < 1e-6 anyway.
 */
export const EQUAL_SCORES_TOLERANCE = 1e-12;

/**
 * E counts as 0 (every a_t is 0) when |E| ≤ this × Σ_t |c_t| T_t, the rounding noise of computing
 * E. With non-negative credits (non-negative rewards) that is only E = 0 exactly; it matters when
 * negative credits cancel, where dividing by the noise would blow the advantages up.
 */
export const ZERO_MASS_TOLERANCE = 1e-12;

export interface CreditSettings {
  /** Discount γ for `r2g` credit and score, in [0, 1]. */
  gamma: number;
  turnCredit: TurnCredit;
  trajectoryScore: TrajectoryScore;
}

/** The defaults, shared with `ubc train` (src/rl/defaults.ts says why): γ = 0.8, equalized turns, sum score. */
export const DEFAULT_CREDIT_SETTINGS: Readonly<CreditSettings> = DEFAULT_CREDIT;

/** Fills in the defaults; throws a RangeError for a γ outside [0, 1] or an unknown mode. */
export function resolveCreditSettings(settings: Partial<CreditSettings> = {}): CreditSettings {
  const resolved: CreditSettings = {
    gamma: settings.gamma ?? DEFAULT_CREDIT_SETTINGS.gamma,
    turnCredit: settings.turnCredit ?? DEFAULT_CREDIT_SETTINGS.turnCredit,
    trajectoryScore: settings.trajectoryScore ?? DEFAULT_CREDIT_SETTINGS.trajectoryScore,
  };
  if (!(resolved.gamma >= 0 && resolved.gamma <= 1)) throw new RangeError(`gamma must be a number in [0, 1], got ${resolved.gamma}`);
  if (!TURN_CREDITS.includes(resolved.turnCredit)) throw new RangeError(`unknown turn credit '${String(resolved.turnCredit)}' (${TURN_CREDITS.join(", ")})`);
  if (!TRAJECTORY_SCORES.includes(resolved.trajectoryScore)) {
    throw new RangeError(`unknown trajectory score '${String(resolved.trajectoryScore)}' (${TRAJECTORY_SCORES.join(", ")})`);
  }
  return resolved;
}

/** True when a group's scores count as all equal (see EQUAL_SCORES_TOLERANCE); true for fewer than two scores. */
export function scoresAllEqual(scores: readonly number[]): boolean {
  let min = Infinity;
  let max = -Infinity;
  let magnitude = 1;
  for (const s of scores) {
    if (s < min) min = s;
    if (s > max) max = s;
    const abs = Math.abs(s);
    if (abs > magnitude) magnitude = abs;
  }
  return scores.length < 2 || max - min <= EQUAL_SCORES_TOLERANCE * magnitude;
}

export interface GroupBaseline {
  /** mean(S); 0 for a group of one (or none). */
  mean: number;
  /** Unbiased std(S); 1 for a group of one (or none). */
  std: number;
  /** The scores count as all equal (n ≥ 2): every advantage of the group is 0. */
  flat: boolean;
}

/** The baseline a group's advantages are measured against. */
export function groupBaseline(scores: readonly number[]): GroupBaseline {
  const n = scores.length;
  if (n < 2) return { mean: 0, std: 1, flat: false };
  let sum = 0;
  for (const s of scores) sum += s;
  const mean = sum / n;
  let squares = 0;
  for (const s of scores) squares += (s - mean) * (s - mean);
  let std = Math.sqrt(squares / (n - 1));
  if (std === Infinity && Number.isFinite(mean)) {
    // Deviations beyond ~1e154 overflow when squared: measure them in units of the largest one.
    let largest = 0;
    for (const s of scores) largest = Math.max(largest, Math.abs(s - mean));
    let scaled = 0;
    for (const s of scores) scaled += ((s - mean) / largest) ** 2;
    std = largest * Math.sqrt(scaled / (n - 1));
  }
  return { mean, std, flat: scoresAllEqual(scores) };
}

/**
 * Â_i = (S_i − mean) / (std + ε) for one group. A group whose scores are all equal gets 0s; a
 * group of one uses mean 0 and std 1 (Â = S / (1 + ε)), as UserRL's code does.
 */
export function groupAdvantages(scores: readonly number[]): number[] {
  const { mean, std, flat } = groupBaseline(scores);
  if (flat) return new Array<number>(scores.length).fill(0);
  const denominator = std + ADVANTAGE_EPSILON;
  return scores.map((s) => (s - mean) / denominator);
}

/**
 * The per-token advantage a_t of each turn: a_t = c_t · Â · N / E, where T_t is the number of
 * agent tokens of turn t (1 per turn when `tokens` is absent), E = Σ c_t T_t and
 * N = Σ_{t: c_t≠0} T_t; all 0 when E is 0 (see ZERO_MASS_TOLERANCE) or Â is 0. Every token of turn
 * t gets a_t, so the token-weighted mean of the non-zero advantages is Â.
 */
export function spreadOverTurns(credits: readonly number[], advantage: number, tokens?: readonly number[]): number[] {
  const turns = credits.length;
  if (tokens !== undefined && tokens.length !== turns) throw new RangeError(`expected ${turns} token counts (one per turn), got ${tokens.length}`);
  let mass = 0;
  let absMass = 0;
  let nonZeroTokens = 0;
  for (let t = 0; t < turns; t++) {
    const c = credits[t]!;
    const count = tokens === undefined ? 1 : tokens[t]!;
    mass += c * count;
    absMass += Math.abs(c) * count;
    if (c !== 0) nonZeroTokens += count;
  }
  const out = new Array<number>(turns);
  if (advantage === 0 || Math.abs(mass) <= ZERO_MASS_TOLERANCE * absMass) return out.fill(0);
  // N / E is exactly 1 when every non-zero credit is 1 (equalized), so each token then gets Â itself.
  const scale = advantage * (nonZeroTokens === mass ? 1 : nonZeroTokens / mass);
  for (let t = 0; t < turns; t++) out[t] = credits[t] === 0 ? 0 : credits[t]! * scale; // 0, not −0
  return out;
}

/** One trajectory: its per-turn rewards and, optionally, the agent tokens of each turn. */
export interface TrajectoryInput {
  rewards: readonly number[];
  /** Agent tokens per turn (one per reward); each turn counts as one token when absent. */
  tokens?: readonly number[];
}

export interface TrajectoryCredit {
  /** S, the trajectory score. */
  score: number;
  /** Â, the group-relative advantage. */
  advantage: number;
  /** c_t, one per turn. */
  credits: number[];
  /** a_t, the advantage of every token of turn t, one per turn. */
  turnAdvantages: number[];
}

/** Credits, score, advantage and per-turn token advantages of every trajectory of one group. */
export function assignGroupCredit(group: readonly TrajectoryInput[], settings: Partial<CreditSettings> = {}): TrajectoryCredit[] {
  const { gamma, turnCredit, trajectoryScore: score } = resolveCreditSettings(settings);
  const scores = group.map((trajectory) => trajectoryScore(trajectory.rewards, score, gamma));
  const advantages = groupAdvantages(scores);
  return group.map((trajectory, i) => {
    const credits = turnCredits(trajectory.rewards, turnCredit, gamma);
    return { score: scores[i]!, advantage: advantages[i]!, credits, turnAdvantages: spreadOverTurns(credits, advantages[i]!, trajectory.tokens) };
  });
}

/** assignGroupCredit for every group of a batch (groups are independent: one per task). */
export function assignCredit(groups: readonly (readonly TrajectoryInput[])[], settings: Partial<CreditSettings> = {}): TrajectoryCredit[][] {
  const resolved = resolveCreditSettings(settings);
  return groups.map((group) => assignGroupCredit(group, resolved));
}

/**
 * The advantage of every agent token of a trajectory, turn after turn (turn t's a_t repeated T_t
 * times): the array a token-level loss multiplies with its masked log-probability ratios.
 */
export function tokenAdvantages(turnAdvantages: readonly number[], tokens: readonly number[]): Float64Array {
  if (tokens.length !== turnAdvantages.length) throw new RangeError(`expected ${turnAdvantages.length} token counts (one per turn), got ${tokens.length}`);
  let total = 0;
  for (const count of tokens) total += count;
  const out = new Float64Array(total);
  let at = 0;
  for (let t = 0; t < tokens.length; t++) {
    out.fill(turnAdvantages[t]!, at, at + tokens[t]!);
    at += tokens[t]!;
  }
  return out;
}
