import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { seededOrder } from "../../src/export/mix.js";
import { parseMix, quotaCount, quotaText, type Quota } from "../../src/export/mix-spec.js";

/** `--mix` quotas and the seeded order, over random sizes, quotas and seeds. */

const term = fc.oneof(
  fc.integer({ min: 0, max: 1000 }).map((value) => ({ kind: "count" as const, value })),
  fc.integer({ min: 0, max: 100 }).map((v) => ({ kind: "fraction" as const, value: v / 100 })),
);
const quota: fc.Arbitrary<Quota> = fc.oneof(term, fc.tuple(fc.constantFrom("max" as const, "min" as const), term, term).map(([kind, a, b]) => ({ kind, terms: [a, b] as [typeof a, typeof b] })));

describe("mix quotas (property)", () => {
  test("a quota keeps between 0 and n rows, never fewer for more rows, and reads back from its text", () => {
    fc.assert(
      fc.property(quota, fc.integer({ min: 0, max: 5000 }), (q, n) => {
        const k = quotaCount(q, n);
        expect(k).toBeGreaterThanOrEqual(0);
        expect(k).toBeLessThanOrEqual(n);
        expect(quotaCount(q, n + 1)).toBeGreaterThanOrEqual(k);
        expect(quotaCount(parseMix(`g=${quotaText(q)}`).get("g")!, n)).toBe(k);
      }),
    );
  });

  test("the seeded order is a permutation, the same for any input order", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8 }), { maxLength: 60 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (ids, seed) => {
        const order = seededOrder(ids, (id) => id, seed, "train", "g");
        expect([...order].sort()).toEqual([...ids].sort());
        expect(seededOrder([...ids].reverse(), (id) => id, seed, "train", "g")).toEqual(order);
      }),
    );
  });
});
