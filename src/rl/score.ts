import { DEFAULT_GAMMA } from "./credit.js";
import { round4 } from "./round.js";

/**
 * Trajectory score S: the number the group compares (docs/rl.md).
 * - `sum`: Σ_t r_t, a true sum, not rounded.
 * - `mean`: the mean of the turn rewards rounded to 4 decimals. UserRL's code and paper call
 *   this "Sum"; here `sum` is a real sum and `mean` is UserRL's "Sum".
 * - `r2g`: Σ_t γ^t r_t, the discounted return from the first turn (t counts from 0), equal to
 *   the first `r2g` turn credit.
 * A trajectory without turns scores 0 under all three (the mean of no rewards is taken as 0).
 */
export const TRAJECTORY_SCORES = ["sum", "mean", "r2g"] as const;
export type TrajectoryScore = (typeof TRAJECTORY_SCORES)[number];

export function trajectoryScore(rewards: readonly number[], score: TrajectoryScore, gamma: number = DEFAULT_GAMMA): number {
  const turns = rewards.length;
  if (turns === 0) return 0;
  switch (score) {
    case "sum":
    case "mean": {
      let sum = 0;
      for (let t = 0; t < turns; t++) sum += rewards[t]!;
      return score === "sum" ? sum : round4(sum / turns);
    }
    case "r2g": {
      // Backwards, exactly as rewardsToGo computes its first element.
      let toGo = rewards[turns - 1]!;
      for (let t = turns - 2; t >= 0; t--) toGo = rewards[t]! + gamma * toGo;
      return toGo;
    }
  }
}
