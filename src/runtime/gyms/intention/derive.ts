import type { Importance } from "../../../compiler/gyms/intention/ir.js";

/**
 * Weights of the intention mechanics. The reward of a question and maxReturn come from the
 * compiler (src/compiler/gyms/intention/derive.ts: intentionStepReward, intentionMaxReturn), so
 * the compiled maxReturn, the one re-derived after `--set`, and what the env pays cannot disagree.
 */

/** Importance weights of UserRL's data: high 3, medium 2, low 1. */
export const IMPORTANCE_WEIGHT: Record<Importance, number> = { high: 3, medium: 2, low: 1 };
