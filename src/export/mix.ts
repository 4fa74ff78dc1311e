import type { Scenario } from "../compiler/ir.js";
import { createRng, deriveSeed } from "../runtime/rng.js";
import { quotaCount, type MixSpec, type Quota } from "./mix-spec.js";

export { quotaText, type MixSpec, type Quota } from "./mix-spec.js";

/** The quota of a gym: its own, else the spec's `*`, else none (kept whole). */
export function quotaFor(spec: MixSpec | undefined, gym: string): Quota | undefined {
  return spec?.get(gym) ?? spec?.get("*");
}

/**
 * A gym's scenarios in a seeded order (Fisher–Yates over the id-sorted list). The stream depends
 * on (seed, split, gym) only, so adding a gym to the input never changes another gym's rows.
 */
export function seededOrder(scenarios: readonly Scenario[], seed: number, split: string, gym: string): Scenario[] {
  const order = [...scenarios].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
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
  return seededOrder(scenarios, seed, split, gym).slice(0, quotaCount(quota, scenarios.length));
}
