/**
 * The loss functions `ubc train --trainer tinker` offers (both servers know more). Apart from
 * src/rl/tinker/wire.ts, whose request schemas load zod, so that `ubc train --help` can list them
 * while loading nothing but commander: keep this file free of imports.
 */
export const LOSS_FNS = ["ppo", "importance_sampling"] as const;
export type LossFn = (typeof LOSS_FNS)[number];
