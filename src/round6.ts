/**
 * Six-decimal rounding, the one copy every layer uses (IR rewards, episode scores, eval metrics,
 * report aggregates, training metrics): sums and means stay the same from run to run and across
 * platforms, and the JSON files show no float noise. Import-free, so any layer may import it.
 */
export function round6(value: number): number {
  // From 2^53 on a double has no fraction to round, and value * 1e6 could overflow to Infinity.
  if (Math.abs(value) >= 2 ** 53) return value;
  return Math.round(value * 1e6) / 1e6;
}
