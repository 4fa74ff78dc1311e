/**
 * Reward arithmetic every gym shares, in the compiler (maxReturn) and the runtime (each step):
 * both must round and clip the same way, or a perfect play would miss maxReturn by a hair.
 */

/** A step's reward clipped into knobs.clip (null: no clipping). */
export function clipReward(reward: number, clip: { low: number; high: number } | null): number {
  return clip ? Math.min(clip.high, Math.max(clip.low, reward)) : reward;
}
