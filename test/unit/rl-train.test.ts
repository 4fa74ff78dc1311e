import { describe, expect, test } from "vitest";
import { loadScenarios } from "../../src/runs/scenarios.js";
import { logSoftmax } from "../../src/runtime/policy/softmax.js";
import { createRng } from "../../src/runtime/rng.js";
import { Adam, DEFAULT_PPO, ppoLoss, type PolicySample, type PpoSettings } from "../../src/rl/ppo.js";
import { evaluateGreedy, train, type TrainSettings } from "../../src/rl/train.js";
import { curveSvg } from "../../src/rl/curve.js";
import { formatCompareTable } from "../../src/rl/train-run.js";

/** Random samples whose old log-probs come from `old` weights, so the ratios differ from 1. */
function randomBatch(seed: number, dim: number, count: number, withReference: boolean): { weights: Float64Array; samples: PolicySample[] } {
  const rng = createRng(seed);
  const vec = (scale: number) => Float64Array.from({ length: dim }, () => (rng.float() * 2 - 1) * scale);
  const weights = vec(1);
  const old = vec(1);
  const reference = vec(1);
  const samples: PolicySample[] = [];
  for (let i = 0; i < count; i++) {
    const features = Array.from({ length: 2 + rng.int(4) }, () => vec(1));
    const chosen = rng.int(features.length);
    const sample: PolicySample = { features, chosen, logProbOld: logSoftmax(old, features)[chosen]!, advantage: (rng.float() * 2 - 1) * 2 };
    if (withReference) sample.logProbRef = logSoftmax(reference, features);
    samples.push(sample);
  }
  return { weights, samples };
}

/** Central finite differences of the loss, per coordinate. */
function numericGradient(weights: Float64Array, samples: readonly PolicySample[], settings: PpoSettings, h = 1e-6): Float64Array {
  const out = new Float64Array(weights.length);
  for (let k = 0; k < weights.length; k++) {
    const plus = Float64Array.from(weights);
    const minus = Float64Array.from(weights);
    plus[k] = plus[k]! + h;
    minus[k] = minus[k]! - h;
    out[k] = (ppoLoss(plus, samples, settings).loss - ppoLoss(minus, samples, settings).loss) / (2 * h);
  }
  return out;
}

const travel = loadScenarios(["scenarios/travel/austin_family.ubench", "scenarios/travel/berlin_conference.ubench"]).scenarios;

function settings(overrides: Partial<TrainSettings> = {}): TrainSettings {
  return {
    scenarios: travel,
    group: 6,
    iterations: 6,
    credit: { gamma: 0.8, turnCredit: "equalized", trajectoryScore: "sum" },
    lr: 0.1,
    epochs: 4,
    ppo: DEFAULT_PPO,
    seed: 3,
    ...overrides,
  };
}

describe("clipped policy-gradient objective", () => {
  test("the analytic gradient matches finite differences (clip, dual clip and KL active)", () => {
    const ppo: PpoSettings = { clip: 0.2, dualClip: 3, klCoef: 0.5 };
    const { weights, samples } = randomBatch(42, 6, 40, true);
    const result = ppoLoss(weights, samples, ppo);
    expect(result.clipFraction).toBeGreaterThan(0);
    expect(result.clipFraction).toBeLessThan(1);
    expect(result.kl).toBeGreaterThan(0);
    const numeric = numericGradient(weights, samples, ppo);
    for (let k = 0; k < weights.length; k++) expect(result.gradient[k]!).toBeCloseTo(numeric[k]!, 6);
  });

  test("at ratio 1 the gradient is the plain policy gradient −mean(A·∇log π)", () => {
    const features = [Float64Array.from([1, 0]), Float64Array.from([0, 1])];
    const weights = Float64Array.from([0, 0]);
    const sample: PolicySample = { features, chosen: 0, logProbOld: Math.log(0.5), advantage: 2 };
    const { gradient, loss } = ppoLoss(weights, [sample], DEFAULT_PPO);
    // ∇log π(0) = φ_0 − (φ_0 + φ_1)/2 = [0.5, −0.5]; loss = −A·ρ = −2
    expect(loss).toBeCloseTo(-2, 12);
    expect([...gradient]).toEqual([-1, 1]);
  });

  test("a ratio beyond the clip with a positive advantage stops the gradient", () => {
    const features = [Float64Array.from([1]), Float64Array.from([0])];
    const sample: PolicySample = { features, chosen: 0, logProbOld: Math.log(0.1), advantage: 1 };
    const { gradient, clipFraction } = ppoLoss(Float64Array.from([0]), [sample], DEFAULT_PPO);
    expect(clipFraction).toBe(1);
    expect(gradient[0]).toBe(0);
  });

  test("Adam descends a quadratic", () => {
    const w = Float64Array.from([3, -2]);
    const adam = new Adam(2, 0.1);
    for (let i = 0; i < 300; i++) adam.step(w, Float64Array.from([2 * w[0]!, 2 * w[1]!]));
    expect(Math.abs(w[0]!)).toBeLessThan(0.05);
    expect(Math.abs(w[1]!)).toBeLessThan(0.05);
  });
});

describe("training loop", () => {
  test("the same seed gives the same curve and weights; another seed another curve", async () => {
    const strip = (ms: { wallMs: number }[]) => JSON.stringify(ms.map(({ wallMs: _w, ...rest }) => rest));
    const a = await train(settings({ iterations: 3 }));
    const b = await train(settings({ iterations: 3 }));
    const c = await train(settings({ iterations: 3, seed: 4 }));
    expect(strip(b.metrics)).toBe(strip(a.metrics));
    expect([...b.weights]).toEqual([...a.weights]);
    expect(strip(c.metrics)).not.toBe(strip(a.metrics));
  });

  test("concurrency changes nothing but wall time: 1 vs 4 give the same metrics and weights", async () => {
    const strip = (ms: { wallMs: number }[]) => JSON.stringify(ms.map(({ wallMs: _w, ...rest }) => rest));
    const serial = await train(settings({ iterations: 3, concurrency: 1 }));
    const parallel = await train(settings({ iterations: 3, concurrency: 4 }));
    expect(strip(parallel.metrics)).toBe(strip(serial.metrics));
    expect([...parallel.weights]).toEqual([...serial.weights]);
  });

  test("an abort stops training after the iteration in progress; a SIGINT-style abort from a timer gets through", async () => {
    const controller = new AbortController();
    const result = await train(settings({ iterations: 5 }), { signal: controller.signal, onIteration: (m) => m.iteration === 1 && controller.abort() });
    expect(result.metrics.map((m) => m.iteration)).toEqual([0, 1]);
    // the loop yields to the event loop between iterations, so a timer (or a signal handler) can stop it
    const timed = new AbortController();
    setTimeout(() => timed.abort(), 0);
    const stopped = await train(settings({ iterations: 50, group: 2 }), { signal: timed.signal });
    expect(stopped.metrics.length).toBeLessThan(50);
  });

  test("training lifts the mean score above the untrained policy's", async () => {
    const result = await train(settings({ iterations: 12 }));
    const first = result.metrics[0]!.meanScore;
    const last = Math.max(...result.metrics.slice(-3).map((m) => m.meanScore));
    expect(last).toBeGreaterThan(first + 0.2);
    const greedy = await evaluateGreedy(travel, result.weights, 2, 1);
    expect(greedy.meanScore).toBeGreaterThan(first + 0.2);
    const m = result.metrics[0]!;
    expect(m.episodes).toBe(12);
    expect(m.scoreByGym.travel).toBe(m.meanScore);
    expect(m.advantage.zeroShare).toBeGreaterThanOrEqual(0);
  });

  test("the KL penalty keeps the policy nearer the initial one", async () => {
    const free = await train(settings({ iterations: 4 }));
    const held = await train(settings({ iterations: 4, ppo: { ...DEFAULT_PPO, klCoef: 20 } }));
    const norm = (w: Float64Array) => Math.hypot(...w);
    expect(norm(held.weights)).toBeLessThan(norm(free.weights));
    expect(held.metrics.at(-1)!.update.kl).toBeGreaterThan(0);
  });
});

describe("outputs", () => {
  test("curve.svg has one line per gym and is deterministic", () => {
    const svg = curveSvg(new Map([["travel", [0.1, 0.5, 0.9]], ["persuade", [0.2, 0.3, 0.4]]]));
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg).toContain(">travel<");
    expect(curveSvg(new Map([["travel", [0.5]]]))).toContain("<polyline");
  });

  test("the compare table lists every cell", () => {
    const table = formatCompareTable([
      { turnCredit: "equalized", trajectoryScore: "sum", firstMeanScore: 0.1, finalMeanScore: 0.9, finalScoreByGym: { travel: 0.9 }, finalGreedy: 1, finalGreedyByGym: { travel: 1 } },
      { turnCredit: "r2g", trajectoryScore: "r2g", firstMeanScore: 0.1, finalMeanScore: 0.5, finalScoreByGym: { travel: 0.5 }, finalGreedy: 0.6, finalGreedyByGym: { travel: 0.6 } },
    ]);
    expect(table).toContain("equalized");
    expect(table).toContain("0.900 (1.000)");
    expect(table).toContain("0.500 (0.600)");
  });
});
