import type { Scenario } from "../compiler/ir.js";
import { createRng, deriveSeed } from "../runtime/rng.js";
import { quotaCount, type MixSpec, type Quota } from "./mix-spec.js";

export { quotaText, type MixSpec, type Quota } from "./mix-spec.js";

/** The quota of a gym: its own, else the spec's `*`, else none (kept whole). */
export function quotaFor(spec: MixSpec | undefined, gym: string): Quota | undefined {
  return spec?.get(gym) ?? spec?.get("*");
}

/**
 * Items in a seeded order (Fisher–Yates over the list sorted by key; keys are unique). The stream
 * depends on (seed, split, gym) only, so adding a gym to the input never changes another gym's rows.
 */
export function seededOrder<T>(items: readonly T[], key: (item: T) => string, seed: number, split: string, gym: string): T[] {
  const order = [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const rng = createRng(deriveSeed("mix", seed, split, gym));
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** The scenarios a quota keeps: the first quotaCount(quota, n) of the seeded order. */
export function applyQuota(scenarios: readonly Scenario[], quota: Quota | undefined, seed: number, split: string, gym: string): Scenario[] {
  if (quota === undefined) return [...scenarios];
  return seededOrder(scenarios, (s) => s.id, seed, split, gym).slice(0, quotaCount(quota, scenarios.length));
}
