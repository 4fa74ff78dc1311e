/** Small number helpers shared by the report's aggregations (rounded with round6, like src/runs/metrics.ts). */
import { round6 } from "../round6.js";

export function mean(values: readonly number[]): number | null {
  return values.length > 0 ? round6(values.reduce((a, b) => a + b, 0) / values.length) : null;
}

export function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? round6(numerator / denominator) : null;
}

export function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** Groups by key, keys sorted by `compare` (default: string order). */
export function groupBy<T>(items: readonly T[], key: (item: T) => string, compare?: (a: string, b: string) => number): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return [...groups.entries()].sort(([a], [b]) => (compare ? compare(a, b) : a < b ? -1 : a > b ? 1 : 0));
}
