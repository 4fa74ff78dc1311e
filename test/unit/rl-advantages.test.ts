import { describe, expect, test } from "vitest";
import {
  ADVANTAGE_EPSILON,
  assignCredit,
  assignGroupCredit,
  DEFAULT_CREDIT_SETTINGS,
  groupAdvantages,
  groupBaseline,
  resolveCreditSettings,
  scoresAllEqual,
  spreadOverTurns,
  tokenAdvantages,
  type CreditSettings,
} from "../../src/rl/advantages.js";

describe("group-relative advantage Â", () => {
  test("(S − mean) / (unbiased std + 1e-6), by hand", () => {
    // S = [0, 1]: mean 0.5, unbiased std √((0.25 + 0.25)/1) = 0.70710678
    const [a, b] = groupAdvantages([0, 1]);
    expect(a).toBeCloseTo(-0.5 / (Math.SQRT1_2 + 1e-6), 14);
    expect(b).toBeCloseTo(0.5 / (Math.SQRT1_2 + 1e-6), 14);
    // S = [1, 2, 3, 6]: mean 3, squares 4 + 1 + 0 + 9 = 14, std √(14/3) = 2.1602469
    const std = Math.sqrt(14 / 3);
    const expected = [-2, -1, 0, 3].map((d) => d / (std + 1e-6));
    groupAdvantages([1, 2, 3, 6]).forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 14));
    expect(groupBaseline([1, 2, 3, 6])).toEqual({ mean: 3, std, flat: false });
  });

  test("a group whose scores are all equal gets 0 everywhere", () => {
    expect(groupAdvantages([0.5, 0.5, 0.5])).toEqual([0, 0, 0]);
    expect(groupAdvantages([0, 0])).toEqual([0, 0]);
  });

  test("'equal' tolerates last-bit noise: 0.1+0.2+0.3 vs 0.3+0.2+0.1", () => {
    const noisy = [0.1 + 0.2 + 0.3, 0.3 + 0.2 + 0.1];
    expect(noisy[0]).not.toBe(noisy[1]);
    expect(groupAdvantages(noisy)).toEqual([0, 0]);
    // relative to magnitude: large equal-ish scores too
    expect(scoresAllEqual([1e9, 1e9 + 1e-4])).toBe(true);
    expect(scoresAllEqual([1e9, 1e9 + 1])).toBe(false);
    // absolute below magnitude 1
    expect(scoresAllEqual([0, 1e-13])).toBe(true);
    expect(scoresAllEqual([0, 1e-9])).toBe(false);
  });

  test("a group of one uses mean 0 and std 1: Â = S / (1 + ε)", () => {
    expect(groupAdvantages([0.5])).toEqual([0.5 / (1 + ADVANTAGE_EPSILON)]);
    expect(groupAdvantages([0])).toEqual([0]);
    expect(groupBaseline([0.7])).toEqual({ mean: 0, std: 1, flat: false });
  });

  test("an empty group has no advantages", () => {
    expect(groupAdvantages([])).toEqual([]);
  });

  test("the advantages of a group sum to zero", () => {
    const sum = groupAdvantages([0.1, 0.7, 0.3, 0.9, 0]).reduce((s, a) => s + a, 0);
    expect(Math.abs(sum)).toBeLessThan(1e-14);
  });

  test("huge scores do not overflow the standard deviation", () => {
    const [a, b, c] = groupAdvantages([1e200, -1e200, 0]);
    expect([a, b, c]).toEqual([1, -1, 0]);
  });
});

describe("from trajectory to tokens: a_t = c_t · Â · N / E", () => {
  test("rl.md's trajectory with r2g credits and tokens, by hand", () => {
    const credits = [0.672, 0.84, 0.8, 1];
    const tokens = [10, 20, 15, 5];
    // E = 6.72 + 16.8 + 12 + 5 = 40.52, N = 50
    const a = spreadOverTurns(credits, -0.2, tokens);
    credits.forEach((c, t) => expect(a[t]).toBeCloseTo((c * -0.2 * 50) / 40.52, 14));
  });

  test("zero credits get zero advantage and do not count in N", () => {
    // naive credits [0, 0.5, 0, 1], tokens [10, 4, 10, 6]: E = 2 + 6 = 8, N = 10
    const a = spreadOverTurns([0, 0.5, 0, 1], 1.2, [10, 4, 10, 6]);
    expect(a[0]).toBe(0);
    expect(a[2]).toBe(0);
    expect(a[1]).toBeCloseTo((0.5 * 1.2 * 10) / 8, 14);
    expect(a[3]).toBeCloseTo((1 * 1.2 * 10) / 8, 14);
  });

  test("without token counts each turn counts as one token", () => {
    // credits [0.9, 0.5]: E = 1.4, N = 2
    expect(spreadOverTurns([0.9, 0.5], 0.5)).toEqual(spreadOverTurns([0.9, 0.5], 0.5, [1, 1]));
    const [a0, a1] = spreadOverTurns([0.9, 0.5], 0.5);
    expect(a0).toBeCloseTo((0.9 * 0.5 * 2) / 1.4, 14);
    expect(a1).toBeCloseTo((0.5 * 0.5 * 2) / 1.4, 14);
  });

  test("E = 0 gives 0 everywhere: all-zero credits, no tokens, or no turns", () => {
    expect(spreadOverTurns([0, 0, 0], -1.5, [5, 5, 5])).toEqual([0, 0, 0]);
    expect(spreadOverTurns([1, 1], 0.7, [0, 0])).toEqual([0, 0]);
    expect(spreadOverTurns([], 0.7)).toEqual([]);
  });

  test("E that is rounding noise of cancelling credits counts as 0", () => {
    // 0.1 + 0.2 − 0.3 is 5.55e-17, not 0: dividing by it would give advantages of ~1e16
    expect(spreadOverTurns([0.1, 0.2, -0.3], 1)).toEqual([0, 0, 0]);
    // genuinely non-zero E with negative credits is spread normally: E = 1 − 0.5 = 0.5, N = 2
    expect(spreadOverTurns([1, -0.5], 1)).toEqual([4, -2]);
  });

  test("equalized credit gives every token exactly Â", () => {
    expect(spreadOverTurns([1, 1, 1], 0.123456789, [7, 3, 11])).toEqual([0.123456789, 0.123456789, 0.123456789]);
  });

  test("token counts must match the turns", () => {
    expect(() => spreadOverTurns([1, 1], 1, [3])).toThrow(/expected 2 token counts/);
  });

  test("tokenAdvantages repeats a_t T_t times, turn after turn", () => {
    expect(Array.from(tokenAdvantages([0.5, -1, 2], [2, 0, 3]))).toEqual([0.5, 0.5, 2, 2, 2]);
    expect(() => tokenAdvantages([1], [1, 2])).toThrow(RangeError);
  });
});

describe("assignCredit: a batch of groups", () => {
  const group = [
    { rewards: [0, 0.2, 0, 1], tokens: [10, 20, 15, 5] },
    { rewards: [0, 0, 0, 0], tokens: [20, 20, 20, 20] },
  ];

  test("defaults (shared with ubc train): γ 0.8, equalized turns, sum score", () => {
    expect(DEFAULT_CREDIT_SETTINGS).toEqual({ gamma: 0.8, turnCredit: "equalized", trajectoryScore: "sum" });
    const [a, b] = assignGroupCredit(group);
    expect(a!.score).toBeCloseTo(1.2, 12);
    expect(b!.score).toBe(0);
    // two scores: Â = ±(0.6 / (0.848528 + 1e-6))
    const std = Math.sqrt(2 * 0.6 ** 2);
    expect(a!.advantage).toBeCloseTo(0.6 / (std + 1e-6), 12);
    expect(a!.credits).toEqual([1, 1, 1, 1]);
    expect(a!.turnAdvantages).toEqual([a!.advantage, a!.advantage, a!.advantage, a!.advantage]);
    expect(b!.turnAdvantages).toEqual([b!.advantage, b!.advantage, b!.advantage, b!.advantage]);
  });

  test("r2g credit: the all-zero trajectory is not pushed down", () => {
    const [, b] = assignGroupCredit(group, { turnCredit: "r2g", trajectoryScore: "mean" });
    expect(b!.advantage).toBeLessThan(0);
    expect(b!.turnAdvantages).toEqual([0, 0, 0, 0]);
  });

  test("groups are independent; empty groups and trajectories are allowed", () => {
    const result = assignCredit([group, [], [{ rewards: [] }, { rewards: [1] }]], { turnCredit: "naive", trajectoryScore: "sum" });
    expect(result[0]).toEqual(assignGroupCredit(group, { turnCredit: "naive", trajectoryScore: "sum" }));
    expect(result[1]).toEqual([]);
    const [empty, one] = result[2]!;
    expect(empty).toEqual({ score: 0, advantage: -0.5 / (Math.SQRT1_2 + 1e-6), credits: [], turnAdvantages: [] });
    expect(one!.advantage).toBeCloseTo(0.5 / (Math.SQRT1_2 + 1e-6), 14);
  });

  test("settings are checked", () => {
    expect(() => resolveCreditSettings({ gamma: 1.5 })).toThrow(/gamma/);
    expect(() => resolveCreditSettings({ gamma: Number.NaN })).toThrow(/gamma/);
    expect(() => resolveCreditSettings({ turnCredit: "R2G" as CreditSettings["turnCredit"] })).toThrow(/turn credit/);
    expect(() => resolveCreditSettings({ trajectoryScore: "Sum" as CreditSettings["trajectoryScore"] })).toThrow(/trajectory score/);
    expect(resolveCreditSettings({ gamma: 0 })).toEqual({ ...DEFAULT_CREDIT_SETTINGS, gamma: 0 });
  });
});
