import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { logSoftmax } from "../../src/runtime/policy/softmax.js";
import { ppoLoss, type PolicySample, type PpoSettings } from "../../src/rl/ppo.js";

/** Properties of the update: the analytic gradient is the derivative of the loss, whatever the batch. */

const vector = (dim: number) => fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: dim, maxLength: dim }).map((xs) => Float64Array.from(xs));

const DIM = 4;
const sampleArb = fc
  .record({
    features: fc.array(vector(DIM), { minLength: 1, maxLength: 5 }),
    pick: fc.nat(),
    old: vector(DIM),
    reference: vector(DIM),
    advantage: fc.double({ min: -3, max: 3, noNaN: true }),
  })
  .map(({ features, pick, old, reference, advantage }): PolicySample => {
    const chosen = pick % features.length;
    return { features, chosen, logProbOld: logSoftmax(old, features)[chosen]!, advantage, logProbRef: logSoftmax(reference, features) };
  });

function nearAKink(weights: Float64Array, samples: readonly PolicySample[], settings: PpoSettings): boolean {
  // Finite differences are meaningless within h of the clip's kinks (ratio at 1 ± ε, or at the dual clip).
  return samples.some((s) => {
    const ratio = Math.exp(logSoftmax(weights, s.features)[s.chosen]! - s.logProbOld);
    return Math.abs(ratio - (1 - settings.clip)) < 1e-3 || Math.abs(ratio - (1 + settings.clip)) < 1e-3 || Math.abs(ratio - settings.dualClip) < 1e-3;
  });
}

describe("ppoLoss", () => {
  test("gradient = central finite differences of the loss", () => {
    fc.assert(
      fc.property(vector(DIM), fc.array(sampleArb, { minLength: 1, maxLength: 12 }), fc.double({ min: 0, max: 2, noNaN: true }), (weights, samples, klCoef) => {
        const settings: PpoSettings = { clip: 0.2, dualClip: 3, klCoef };
        fc.pre(!nearAKink(weights, samples, settings));
        const { gradient } = ppoLoss(weights, samples, settings);
        const h = 1e-6;
        for (let k = 0; k < DIM; k++) {
          const plus = Float64Array.from(weights);
          const minus = Float64Array.from(weights);
          plus[k] = plus[k]! + h;
          minus[k] = minus[k]! - h;
          const numeric = (ppoLoss(plus, samples, settings).loss - ppoLoss(minus, samples, settings).loss) / (2 * h);
          expect(Math.abs(gradient[k]! - numeric)).toBeLessThan(1e-5 * Math.max(1, Math.abs(numeric)));
        }
      }),
      { numRuns: 150, seed: 20240605 },
    );
  });

  test("zero advantages and no KL give a zero gradient; the loss is deterministic", () => {
    fc.assert(
      fc.property(vector(DIM), fc.array(sampleArb, { minLength: 1, maxLength: 8 }), (weights, samples) => {
        const flat = samples.map((s) => ({ ...s, advantage: 0 }));
        const { gradient, loss } = ppoLoss(weights, flat, { clip: 0.2, dualClip: 3, klCoef: 0 });
        expect([...gradient].every((g) => g === 0)).toBe(true);
        expect(loss === 0).toBe(true);
        expect(ppoLoss(weights, samples).loss).toBe(ppoLoss(weights, samples).loss);
      }),
      { numRuns: 100, seed: 7 },
    );
  });
});
