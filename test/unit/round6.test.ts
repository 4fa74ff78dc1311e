import { describe, expect, test } from "vitest";
import { r6 } from "../../src/rl/train.js";
import { round6 } from "../../src/round6.js";

describe("round6, the one six-decimal rounding", () => {
  test("rounds to 6 decimals and leaves values from 2^53 on alone", () => {
    expect(round6(0.1 + 0.2)).toBe(0.3);
    expect(round6(-2.0000004)).toBe(-2);
    expect(round6(2 ** 53 + 2)).toBe(2 ** 53 + 2);
    expect(round6(1e303)).toBe(1e303);
  });

  test("the training metrics keep writing 0, not null, for a NaN (a diverged loss)", () => {
    expect(Number.isNaN(round6(Number.NaN))).toBe(true);
    expect(r6(Number.NaN)).toBe(0);
    expect(JSON.stringify({ kl: r6(Number.NaN) })).toBe('{"kl":0}');
  });
});
