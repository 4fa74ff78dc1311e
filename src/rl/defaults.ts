/**
 * The defaults of `ubc train` with the local trainer. They live apart from src/rl/train.ts and
 * src/rl/ppo.ts, which load the gym runtimes and the policy, so that `ubc train --help` can show
 * them while loading nothing but commander (test/e2e/cli-startup.test.ts): keep this file free of
 * imports.
 */

/**
 * The credit assignment of both `ubc train` and `ubc advantages` (one default, docs/rl.md):
 * γ = 0.8 and equalized turn credit as in UserRL's train.sh, with the `sum` trajectory score, a
 * true sum of the turn rewards. UserRL's train.sh scores with what its code calls "Sum", the mean
 * of the turn rewards (our `mean`, `--trajectory-score mean` to match it). We default to the true
 * sum because mean and r2g both favour short episodes, and in travel the best answer comes late:
 * on scenarios/travel equalized × sum reaches 0.981 where equalized × mean stays at 0.391
 * (docs/training.md, `ubc train --compare`).
 */
export const DEFAULT_CREDIT = Object.freeze({ gamma: 0.8, turnCredit: "equalized", trajectoryScore: "sum" } as const);

export const DEFAULT_TRAIN = Object.freeze({ group: 8, iterations: 30, lr: 0.1, epochs: 4, seed: 0, concurrency: 4 });

/** The settings of the clipped policy-gradient objective (src/rl/ppo.ts). */
export interface PpoSettings {
  /** ε of the ratio clip (0.2). */
  clip: number;
  /** The dual clip c for negative advantages (3); 0 or Infinity turns it off. */
  dualClip: number;
  /** β of the KL penalty to the reference policy (0: none, as in the paper). */
  klCoef: number;
}

export const DEFAULT_PPO: Readonly<PpoSettings> = Object.freeze({ clip: 0.2, dualClip: 3, klCoef: 0 });
