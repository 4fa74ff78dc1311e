/**
 * The defaults of `ubc train` with the local trainer. They live apart from src/rl/train.ts and
 * src/rl/ppo.ts, which load the gym runtimes and the policy, so that `ubc train --help` can show
 * them while loading nothing but commander (test/e2e/cli-startup.test.ts): keep this file free of
 * imports.
 */

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
