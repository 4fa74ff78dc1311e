import { DEFAULT_CREDIT } from "./defaults.js";
import { round4 } from "./round.js";

/**
 * Turn-level credit c_t: how a trajectory's advantage is spread over its turns (docs/rl.md).
 * - `naive`: c_t = r_t, the raw reward of the turn.
 * - `equalized`: c_t = 1 for every turn.
 * - `r2g` (reward-to-go): c_t = Σ_{k≥t} γ^{k−t} r_k.
 * - `em` (exponential mapping): c_t = 0.5 + 0.5 · (1 − e^{−2 r_t}) / (1 − e^{−2}), rounded to 4
 *   decimals, so that small progress still earns a clearly positive credit.
 */
export const TURN_CREDITS = ["naive", "equalized", "r2g", "em"] as const;
export type TurnCredit = (typeof TURN_CREDITS)[number];

/** The discount of UserRL's runs. */
export const DEFAULT_GAMMA: number = DEFAULT_CREDIT.gamma;

const EM_DENOMINATOR = 1 - Math.exp(-2);

/** The EM credit of one turn reward, rounded to 4 decimals as Python's `round(x, 4)`; em(0) = 0.5, em(1) = 1. */
export function emCredit(reward: number): number {
  // Same order of operations as UserRL's map_reward (k = 2).
  return round4(0.5 + 0.5 * ((1 - Math.exp(-2 * reward)) / EM_DENOMINATOR));
}

/**
 * Rewards-to-go c_t = Σ_{k≥t} γ^{k−t} r_k, computed backwards (c_t = r_t + γ·c_{t+1}) as UserRL
 * does; the first element is the trajectory's `r2g` score.
 */
export function rewardsToGo(rewards: readonly number[], gamma: number = DEFAULT_GAMMA): number[] {
  const credits = new Array<number>(rewards.length);
  let toGo = 0;
  for (let t = rewards.length - 1; t >= 0; t--) {
    toGo = t === rewards.length - 1 ? rewards[t]! : rewards[t]! + gamma * toGo;
    credits[t] = toGo;
  }
  return credits;
}

/** The credit c_t of every turn of one trajectory; an empty trajectory has no credits. */
export function turnCredits(rewards: readonly number[], credit: TurnCredit, gamma: number = DEFAULT_GAMMA): number[] {
  switch (credit) {
    case "naive":
      return rewards.slice();
    case "equalized":
      return new Array<number>(rewards.length).fill(1);
    case "r2g":
      return rewardsToGo(rewards, gamma);
    case "em":
      return rewards.map(emCredit);
  }
}
