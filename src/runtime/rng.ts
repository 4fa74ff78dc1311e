import { createHash } from "node:crypto";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { Rng } from "./types.js";

/**
 * Seeded randomness. Every random choice of an episode draws from an Rng created here, so an
 * episode is a pure function of its seed; nothing in the runtime uses Math.random.
 */

/** A mutable random source over pure-rand's xoroshiro128+ (its v8 API advances in place). */
export function createRng(seed: number): Rng {
  const generator = xoroshiro128plus(seed | 0);
  return {
    int(maxExclusive: number): number {
      if (!Number.isInteger(maxExclusive) || maxExclusive < 1) throw new RangeError(`rng.int needs a positive integer bound, got ${maxExclusive}`);
      return maxExclusive === 1 ? 0 : uniformInt(generator, 0, maxExclusive - 1);
    },
    float(): number {
      return uniformFloat64(generator);
    },
  };
}

/** A 31-bit seed from any parts, by SHA-256: stable across platforms and Node versions. */
export function deriveSeed(...parts: (string | number)[]): number {
  const digest = createHash("sha256").update(parts.map(String).join("\u0000")).digest();
  return digest.readUInt32BE(0) >>> 1;
}

/** The seed of one episode: a function of the run seed, the scenario and the trial only. */
export function episodeSeed(runSeed: number, scenarioId: string, trial: number): number {
  return deriveSeed("episode", runSeed, scenarioId, trial);
}

/**
 * An independent stream for one consumer of an episode (the mechanics, the simulated user, the
 * agent): one consumer drawing more or fewer numbers never shifts another's draws, which keeps
 * episodes replayable from recorded judgements.
 */
export function streamRng(seed: number, stream: string): Rng {
  return createRng(deriveSeed(stream, seed));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  if (items.length === 0) throw new RangeError("cannot pick from an empty list");
  return items[rng.int(items.length)]!;
}
