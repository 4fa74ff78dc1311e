/**
 * Rounding to 4 decimals exactly as Python's `round(x, 4)` does, since UserRL's code rounds its EM
 * credits and its mean score that way: the exact binary value of `x` is rounded to the nearest
 * multiple of 0.0001, and an exact tie goes to the even neighbour.
 *
 * `Math.round(x * 1e4) / 1e4` is not the same: the product is itself rounded (0.30005 could
 * become a tie), and ties go up. `toFixed(4)` rounds the exact value but sends ties away from
 * zero. An exact tie at the 4th decimal needs x·10⁴ = k + ½, which for a double happens only when
 * x = m/32 with m odd (x·32 is exact, so this is cheap to test); those go to the even k.
 */
export function round4(x: number): number {
  if (!Number.isFinite(x)) return x;
  // Fast path: away from a tie, the rounding error of x·10⁴ (< 1e-8 for |x| < 1e4) cannot change
  // the nearest integer, and k / 10⁴ is the double nearest to the decimal, as Python returns.
  const scaled = x * 1e4;
  if (Math.abs(x) < 1e4 && Math.abs(scaled - Math.floor(scaled) - 0.5) > 1e-6) return Math.round(scaled) / 1e4;
  const thirtySeconds = x * 32;
  if (Number.isInteger(thirtySeconds) && thirtySeconds % 2 !== 0 && Math.abs(thirtySeconds) < 2 ** 44) {
    const lower = Math.floor(thirtySeconds * 312.5); // exactly lower + 0.5
    return (lower % 2 === 0 ? lower : lower + 1) / 1e4;
  }
  return Number(x.toFixed(4));
}
