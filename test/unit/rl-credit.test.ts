import { describe, expect, test } from "vitest";
import { DEFAULT_GAMMA, emCredit, rewardsToGo, turnCredits } from "../../src/rl/credit.js";
import { round4 } from "../../src/rl/round.js";
import { trajectoryScore } from "../../src/rl/score.js";

/** rl.md's worked example: γ = 0.8, r = [0, 0.2, 0, 1.0]. */
const r = [0, 0.2, 0, 1.0];

describe("round4: Python's round(x, 4)", () => {
  test("ordinary values round to the nearest 4-decimal number", () => {
    expect(round4(0.69064)).toBe(0.6906);
    expect(round4(0.69065001)).toBe(0.6907);
    expect(round4(1 / 3)).toBe(0.3333);
    expect(round4(2 / 3)).toBe(0.6667);
    expect(round4(-2 / 3)).toBe(-0.6667);
    expect(round4(0.3)).toBe(0.3);
    expect(round4(12345.678951)).toBe(12345.679);
    expect(round4(0)).toBe(0);
  });

  test("exact ties (x = m/32, m odd) go to the even neighbour, as in Python", () => {
    // Python: round(0.03125, 4) == 0.0312, round(0.09375, 4) == 0.0938, round(-0.03125, 4) == -0.0312
    expect(round4(0.03125)).toBe(0.0312);
    expect(round4(0.09375)).toBe(0.0938);
    expect(round4(-0.03125)).toBe(-0.0312);
    expect(round4(0.15625)).toBe(0.1562);
    expect(round4(1.46875)).toBe(1.4688);
  });

  test("near-ties are decided by the exact binary value, not by a rounded product", () => {
    // 0.30005 is stored as 0.300049999999999983391…, so Python gives 0.3; 0.00015 is 0.000149999999999999986…
    expect(round4(0.30005)).toBe(0.3);
    expect(round4(0.00015)).toBe(0.0001);
    // 1.00005 is stored as 1.000050000000000105…, so it rounds up
    expect(round4(1.00005)).toBe(1.0001);
  });

  test("non-finite values pass through", () => {
    expect(round4(Infinity)).toBe(Infinity);
    expect(round4(Number.NaN)).toBeNaN();
  });
});

describe("turn credit c_t", () => {
  test("rl.md's example: naive, equalized, r2g and em credits", () => {
    expect(turnCredits(r, "naive")).toEqual([0, 0.2, 0, 1]);
    expect(turnCredits(r, "equalized")).toEqual([1, 1, 1, 1]);
    const r2g = turnCredits(r, "r2g", 0.8);
    [0.672, 0.84, 0.8, 1.0].forEach((expected, t) => expect(r2g[t]).toBeCloseTo(expected, 12));
    expect(turnCredits(r, "em")).toEqual([0.5, 0.6906, 0.5, 1]);
  });

  test("γ defaults to 0.8", () => {
    expect(DEFAULT_GAMMA).toBe(0.8);
    expect(turnCredits(r, "r2g")).toEqual(turnCredits(r, "r2g", 0.8));
  });

  test("r2g by hand for another γ: c_t = Σ_{k≥t} γ^{k−t} r_k", () => {
    // γ = 0.5, r = [1, 0, 2]: c_2 = 2, c_1 = 0 + 0.5·2 = 1, c_0 = 1 + 0.5·1 = 1.5
    expect(rewardsToGo([1, 0, 2], 0.5)).toEqual([1.5, 1, 2]);
    // γ = 0: reward-to-go is the reward itself; γ = 1: the plain suffix sums
    expect(rewardsToGo([0.25, 0.5, 1], 0)).toEqual([0.25, 0.5, 1]);
    expect(rewardsToGo([0.25, 0.5, 1], 1)).toEqual([1.75, 1.5, 1]);
  });

  test("em: 0.5 + 0.5·(1 − e^{−2r})/(1 − e^{−2}), rounded to 4 decimals", () => {
    expect(emCredit(0)).toBe(0.5);
    expect(emCredit(1)).toBe(1);
    // by hand: (1 − e^{−1}) / (1 − e^{−2}) = 0.632121 / 0.864665 = 0.731059 → 0.5 + 0.365529 = 0.8655
    expect(emCredit(0.5)).toBe(0.8655);
    // by hand: (1 − e^{−0.2}) / 0.864665 = 0.181269 / 0.864665 = 0.209642 → 0.604821 → 0.6048
    expect(emCredit(0.1)).toBe(0.6048);
    // small progress already earns clearly more than the 0.5 of nothing
    expect(emCredit(0.01)).toBeGreaterThan(0.5);
  });

  test("an empty trajectory has no credits", () => {
    for (const mode of ["naive", "equalized", "r2g", "em"] as const) expect(turnCredits([], mode)).toEqual([]);
  });

  test("naive credits are a copy, not the caller's array", () => {
    const rewards = [0, 1];
    const credits = turnCredits(rewards, "naive");
    credits[0] = 9;
    expect(rewards).toEqual([0, 1]);
  });
});

describe("trajectory score S", () => {
  test("rl.md's example: mean 0.3 (UserRL's 'Sum'), true sum 1.2, r2g 0.672", () => {
    expect(trajectoryScore(r, "mean")).toBe(0.3);
    expect(trajectoryScore(r, "sum")).toBeCloseTo(1.2, 12);
    expect(trajectoryScore(r, "r2g", 0.8)).toBeCloseTo(0.2 * 0.8 + 1.0 * 0.8 ** 3, 12);
    expect(trajectoryScore(r, "r2g", 0.8)).toBeCloseTo(0.672, 12);
  });

  test("the r2g score is the first r2g credit, bit for bit", () => {
    for (const rewards of [r, [1, 0.3, 0.7], [0.1, 0.2, 0.3, 0.4, 0.5]]) {
      expect(trajectoryScore(rewards, "r2g", 0.9)).toBe(rewardsToGo(rewards, 0.9)[0]);
    }
  });

  test("mean is rounded to 4 decimals; sum is not", () => {
    expect(trajectoryScore([0, 0, 1], "mean")).toBe(0.3333);
    expect(trajectoryScore([0.1, 0.2, 0.3], "sum")).toBe(0.1 + 0.2 + 0.3);
    expect(trajectoryScore([1 / 3, 1 / 3], "sum")).toBe(2 / 3);
  });

  test("γ only matters for r2g: γ = 0 scores the first reward, γ = 1 the true sum", () => {
    expect(trajectoryScore([0.5, 1, 1], "r2g", 0)).toBe(0.5);
    expect(trajectoryScore([0.5, 1, 1], "r2g", 1)).toBe(2.5);
    expect(trajectoryScore([0.5, 1, 1], "sum", 0)).toBe(2.5);
  });

  test("an empty trajectory scores 0 under every mode", () => {
    for (const mode of ["sum", "mean", "r2g"] as const) expect(trajectoryScore([], mode)).toBe(0);
  });
});
