import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  ADVANTAGE_EPSILON,
  assignCredit,
  assignGroupCredit,
  groupAdvantages,
  groupBaseline,
  ZERO_MASS_TOLERANCE,
  type CreditSettings,
  type TrajectoryInput,
} from "../../src/rl/advantages.js";
import { jsonErrorOffset, runAdvantages } from "../../src/rl/advantages-io.js";
import { TURN_CREDITS } from "../../src/rl/credit.js";
import { round4 } from "../../src/rl/round.js";
import { TRAJECTORY_SCORES } from "../../src/rl/score.js";

/**
 * The properties docs/rl.md states, over random groups:
 * - Σ_t a_t T_t / N = Â for every trajectory with E ≠ 0 (the token-weighted mean of its non-zero
 *   advantages), and a_t ≠ 0 exactly where c_t ≠ 0 (when Â ≠ 0, barring underflow);
 * - Σ_i Â_i = 0 for every group of two or more; under `equalized` credit every token of trajectory
 *   i gets exactly Â_i, so with equal token totals the group's token advantages sum to 0;
 * - Â is invariant to adding a constant to every reward of a group of two or more under `mean`
 *   scoring (exactly, when the means need no rounding), and to scaling the rewards by k > 0 under `sum`/`r2g` up to
 *   the ε: Â(k·r) = (S − mean)/(std + ε/k); the spread a_t/Â is scale-free for naive/equalized/r2g;
 * - the same input gives the same output (and the same bytes from the command).
 */

const RUNS = { numRuns: 300 };

// Rewards as gyms give them (0, partial credit, 1) plus arbitrary values of either sign.
const reward = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 0, max: 10 }).map((k) => k / 10),
  fc.double({ min: 1e-3, max: 1, noNaN: true }),
  fc.double({ min: -1, max: -1e-3, noNaN: true }),
);
const nonNegativeReward = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10 }).map((k) => k / 10), fc.double({ min: 1e-3, max: 1, noNaN: true }));

function trajectoryOf(rewardArb: fc.Arbitrary<number>, minTurns = 0): fc.Arbitrary<TrajectoryInput> {
  return fc.array(fc.tuple(rewardArb, fc.integer({ min: 0, max: 200 })), { minLength: minTurns, maxLength: 16 }).chain((turns) =>
    fc.boolean().map((withTokens) => ({
      rewards: turns.map(([r]) => r),
      ...(withTokens && { tokens: turns.map(([, t]) => t) }),
    })),
  );
}
const groupOf = (trajectory: fc.Arbitrary<TrajectoryInput>, minLength = 1) => fc.array(trajectory, { minLength, maxLength: 8 });
const settings: fc.Arbitrary<CreditSettings> = fc.record({
  // γ = 0 or at least 1e-3: a subnormal γ would make credits that underflow to 0 once multiplied.
  gamma: fc.oneof(fc.constant(0.8), fc.constant(0), fc.double({ min: 1e-3, max: 1, noNaN: true })),
  turnCredit: fc.constantFrom(...TURN_CREDITS),
  trajectoryScore: fc.constantFrom(...TRAJECTORY_SCORES),
});

const tokensOf = (t: TrajectoryInput) => t.tokens ?? t.rewards.map(() => 1);

/**
 * How far from 0 rounding can take Σ_i Â_i: each S_i − mean is off by a few ulps of the scores'
 * magnitude, then divided by std + ε (a large factor when the scores are close), plus the sum's own.
 */
function sumBound(result: readonly { score: number; advantage: number }[]): number {
  const scores = result.map((t) => t.score);
  const { std } = groupBaseline(scores);
  const magnitude = Math.max(...scores.map(Math.abs));
  const largest = Math.max(1, ...result.map((t) => Math.abs(t.advantage)));
  return result.length * (1e-14 * largest + (4 * Number.EPSILON * magnitude) / (std + ADVANTAGE_EPSILON));
}

describe("credit assignment properties", () => {
  test("the token-weighted mean of a trajectory's non-zero advantages is its Â (when E ≠ 0)", () => {
    fc.assert(
      fc.property(groupOf(trajectoryOf(reward)), settings, (group, s) => {
        const result = assignGroupCredit(group, s);
        result.forEach(({ advantage, credits, turnAdvantages }, i) => {
          const tokens = tokensOf(group[i]!);
          let mass = 0;
          let absMass = 0;
          let nonZero = 0;
          credits.forEach((c, t) => {
            mass += c * tokens[t]!;
            absMass += Math.abs(c) * tokens[t]!;
            if (c !== 0) nonZero += tokens[t]!;
          });
          if (Math.abs(mass) <= ZERO_MASS_TOLERANCE * absMass || advantage === 0) {
            expect(turnAdvantages.every((a) => a === 0)).toBe(true);
            return;
          }
          const weighted = turnAdvantages.reduce((sum, a, t) => sum + a * tokens[t]!, 0) / nonZero;
          const amplification = Math.max(1, absMass / Math.abs(mass));
          expect(Math.abs(weighted - advantage)).toBeLessThanOrEqual(1e-12 * Math.abs(advantage) * amplification * 16 + 1e-300);
          // the non-zero advantages are exactly those of the turns with non-zero credit
          credits.forEach((c, t) => expect(turnAdvantages[t] !== 0).toBe(c !== 0));
        });
      }),
      RUNS,
    );
  });

  test("Σ_i Â_i = 0 over every group of two or more", () => {
    fc.assert(
      fc.property(groupOf(trajectoryOf(reward), 2), settings, (group, s) => {
        const result = assignGroupCredit(group, s);
        expect(Math.abs(result.reduce((sum, t) => sum + t.advantage, 0))).toBeLessThanOrEqual(sumBound(result));
      }),
      RUNS,
    );
  });

  test("equalized credit: every token of trajectory i gets exactly Â_i; with equal token totals the group's token advantages sum to 0", () => {
    const TOTAL = 3200;
    // Up to 16 turns of at most 200 tokens; the last turn takes what is left of TOTAL (at least 200).
    const equalTotal = fc.array(fc.tuple(reward, fc.integer({ min: 0, max: 200 })), { minLength: 1, maxLength: 16 }).map((turns) => {
      const tokens = turns.map(([, t]) => t);
      tokens[tokens.length - 1] = TOTAL - tokens.slice(0, -1).reduce((a, b) => a + b, 0);
      return { rewards: turns.map(([r]) => r), tokens };
    });
    fc.assert(
      fc.property(groupOf(equalTotal, 2), fc.constantFrom(...TRAJECTORY_SCORES), fc.double({ min: 0, max: 1, noNaN: true }), (group, trajectoryScore, gamma) => {
        const result = assignGroupCredit(group, { turnCredit: "equalized", trajectoryScore, gamma });
        let total = 0;
        result.forEach(({ advantage, turnAdvantages }, i) => {
          expect(turnAdvantages).toEqual(turnAdvantages.map(() => advantage));
          turnAdvantages.forEach((a, t) => (total += a * group[i]!.tokens![t]!));
        });
        expect(Math.abs(total)).toBeLessThanOrEqual(TOTAL * sumBound(result));
      }),
      RUNS,
    );
  });

  test("`mean` scoring: adding a constant to every reward of a group leaves Â unchanged", () => {
    // Rewards on a 0.01 grid and turn counts that divide 100, so every mean is exact to 4 decimals
    // and the rounding of the mean cannot differ between the two groups. Groups of two or more: a
    // group of one has no baseline (Â = S/(1 + ε)); empty trajectories score 0 whatever the shift.
    const gridTrajectory = fc
      .constantFrom(1, 2, 4, 5)
      .chain((turns) => fc.array(fc.integer({ min: -100, max: 100 }), { minLength: turns, maxLength: turns }))
      .map((ks) => ({ rewards: ks.map((k) => k / 100) }));
    fc.assert(
      fc.property(groupOf(gridTrajectory, 2), fc.integer({ min: -100, max: 100 }), fc.constantFrom(...TURN_CREDITS), (group, shift, turnCredit) => {
        const shifted = group.map((t) => ({ rewards: t.rewards.map((r) => r + shift / 100) }));
        const before = assignGroupCredit(group, { trajectoryScore: "mean", turnCredit });
        const after = assignGroupCredit(shifted, { trajectoryScore: "mean", turnCredit });
        before.forEach((t, i) => expect(Math.abs(after[i]!.advantage - t.advantage)).toBeLessThanOrEqual(1e-9));
        // and a group of equal scores stays one
        expect(after.every((t) => t.advantage === 0)).toBe(before.every((t) => t.advantage === 0));
      }),
      RUNS,
    );
  });

  test("`sum`/`r2g` scoring: scaling every reward by k > 0 gives Â = (S − mean)/(std + ε/k), the same spread a_t/Â", () => {
    fc.assert(
      fc.property(
        groupOf(trajectoryOf(nonNegativeReward, 1), 2),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.constantFrom("sum" as const, "r2g" as const),
        fc.constantFrom("naive" as const, "equalized" as const, "r2g" as const),
        (group, k, trajectoryScore, turnCredit) => {
          const before = assignGroupCredit(group, { trajectoryScore, turnCredit });
          const scores = before.map((t) => t.score);
          fc.pre(Math.max(...scores) - Math.min(...scores) > 1e-6); // not (nearly) all equal
          const scaled = group.map((t) => ({ ...t, rewards: t.rewards.map((r) => r * k) }));
          const after = assignGroupCredit(scaled, { trajectoryScore, turnCredit });
          const { mean, std } = groupBaseline(scores);
          before.forEach((t, i) => {
            const expected = (t.score - mean) / (std + ADVANTAGE_EPSILON / k);
            expect(Math.abs(after[i]!.advantage - expected)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(expected)));
            // a_t / Â does not depend on k (compare cross-multiplied, to allow Â = 0)
            t.turnAdvantages.forEach((a, turn) => {
              const b = after[i]!.turnAdvantages[turn]!;
              expect(Math.abs(b * t.advantage - a * after[i]!.advantage)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(a * after[i]!.advantage)));
            });
          });
        },
      ),
      RUNS,
    );
  });

  test("determinism: the same input gives the same result and the same bytes; the input is not changed", () => {
    fc.assert(
      fc.property(fc.array(groupOf(trajectoryOf(reward)), { maxLength: 4 }), settings, (groups, s) => {
        const copy = structuredClone(groups);
        expect(assignCredit(groups, s)).toEqual(assignCredit(copy, s));
        expect(groups).toEqual(copy);
        const text = JSON.stringify({ ...s, groups });
        const out = runAdvantages(text);
        expect(runAdvantages(text)).toBe(out);
        // the bytes are the exact numbers: parsing them back gives the library's result (as JSON has it: −0 is 0)
        expect(JSON.parse(out).groups).toEqual(JSON.parse(JSON.stringify(assignCredit(groups, s))));
      }),
      { numRuns: 150 },
    );
  });

  test("Â does not depend on the order of the group (up to rounding)", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 2, maxLength: 8 }), (scores) => {
        const reversed = groupAdvantages([...scores].reverse()).reverse();
        groupAdvantages(scores).forEach((a, i) => expect(Math.abs(a - reversed[i]!)).toBeLessThanOrEqual(1e-9));
      }),
      RUNS,
    );
  });
});

/** Python's round(x, 4) computed exactly: the double's exact value with BigInt, half to even. */
function exactRound4(x: number): number {
  if (x === 0) return x;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const exponentBits = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = exponentBits === 0 ? fraction : fraction | (1n << 52n);
  const exponent = (exponentBits === 0 ? 1 : exponentBits) - 1075; // |x| = mantissa · 2^exponent
  let k: bigint;
  if (exponent >= 0) k = mantissa * 10_000n * (1n << BigInt(exponent));
  else {
    const numerator = mantissa * 10_000n;
    const denominator = 1n << BigInt(-exponent);
    k = numerator / denominator;
    const twice = 2n * (numerator - k * denominator);
    if (twice > denominator || (twice === denominator && k % 2n === 1n)) k += 1n;
  }
  return Number(`${x < 0 ? "-" : ""}${k}e-4`);
}

describe("round4 is Python's round(x, 4)", () => {
  test("random doubles, exact ties (m/32) and near-ties all match an exact reference", () => {
    const near = fc.tuple(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: -3, max: 3 })).map(([k, ulps]) => {
      let x = (k + 0.5) / 1e4;
      for (let i = 0; i < Math.abs(ulps); i++) x = ulps > 0 ? x + Number.EPSILON * Math.max(1, Math.abs(x)) / 2 : x - Number.EPSILON * Math.max(1, Math.abs(x)) / 2;
      return x;
    });
    const ties = fc.integer({ min: -10_000_000, max: 10_000_000 }).map((m) => (2 * m + 1) / 32);
    fc.assert(
      fc.property(fc.oneof(fc.double({ min: -1e4, max: 1e4, noNaN: true }), fc.double({ min: -1e12, max: 1e12, noNaN: true }), near, ties), (x) => {
        expect(round4(x)).toBe(exactRound4(x));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("jsonErrorOffset", () => {
  test("finds no fault in valid JSON", () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(jsonErrorOffset(text)).toBe(text.length);
      }),
      RUNS,
    );
  });
});
