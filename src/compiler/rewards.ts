/**
 * Reward arithmetic every gym shares, in the compiler (maxReturn) and the runtime (each step):
 * both must round and clip the same way, or a perfect play would miss maxReturn by a hair.
 */

/** Rewards and returns are kept to 6 decimal places, so sums do not drift between runs. */
export function round(value: number): number {
  // From 2^53 on a double has no fraction to round, and value * 1e6 could overflow to Infinity.
  if (Math.abs(value) >= 2 ** 53) return value;
  return Math.round(value * 1e6) / 1e6;
}

/** A step's reward clipped into knobs.clip (null: no clipping). */
export function clipReward(reward: number, clip: { low: number; high: number } | null): number {
  return clip ? Math.min(clip.high, Math.max(clip.low, reward)) : reward;
}
