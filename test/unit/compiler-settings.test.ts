import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { compileText } from "../../src/compiler/compile.js";
import { searchesNeeded } from "../../src/compiler/gyms/travel/derive.js";
import { applyOverrides, OverrideError } from "../../src/runtime/overrides.js";
import { austinScenario } from "./runtime-fixtures.js";
import { hotelScenario } from "../support/hotel-scenario.js";

/** Settings that cannot run together: one check (compiler/settings-problems.ts) for compile and `--set`. */

const travel = (settings: string) => hotelScenario(settings, "t");

function report(text: string): string[] {
  return compileText(text, "s.ubench").diagnostics.map((d) => `${d.code} ${d.span.start.line}:${d.span.start.column} ${d.message}${d.related ? ` [${d.related.map((r) => `${r.span.start.line}:${r.span.start.column} ${r.message}`).join("; ")}]` : ""}`);
}

/** How many searches it takes, counted one by one (the loop searchesNeeded replaced), for N >= 2. */
function countSearches(successes: number, failEvery: number): number {
  let total = 0;
  for (let done = 0; done < successes; ) if (++total % failEvery !== 0) done++;
  return total;
}

describe("settings checked together", () => {
  test("search_fail_every 1 (also written 0.1e1) is refused at compile time instead of hanging", () => {
    for (const written of ["1", "0.1e1", "1.0"]) {
      expect(report(travel(`knobs { search_fail_every ${written} }`))).toEqual(["UB2014 11:11 knobs.search_fail_every: 1 makes every search fail; use 0 (never) or 2 or more"]);
    }
  });

  test("searchesNeeded is a closed form: no loop, the counted answer for every N >= 2, Infinity for N = 1", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 2, max: 60 }), (successes, failEvery) => {
        expect(searchesNeeded(successes, failEvery)).toBe(countSearches(successes, failEvery));
      }),
    );
    expect(searchesNeeded(3, 1)).toBe(Infinity);
    expect(searchesNeeded(0, 1)).toBe(0);
    expect(searchesNeeded(3, 0)).toBe(3);
  });

  test("rewards.correct above rewards.best is refused where it is written, with best as a related location", () => {
    expect(report(travel("rewards { correct 5, best 1 }"))).toEqual([
      "UB2014 11:13 rewards.correct (5) is above rewards.best (1): a non-best answer would pay more than the best [11:24 rewards.best is set here]",
    ]);
    // Only best written: the problem is located there.
    expect(report(travel("rewards { best 0.5 }"))).toEqual(["UB2014 11:13 rewards.correct (0.8) is above rewards.best (0.5): a non-best answer would pay more than the best"]);
  });

  test("a clip whose low end is above 0 is refused at compile time as at run time", () => {
    expect(report(travel("knobs { clip 0.1 .. 1 }"))).toEqual(["UB2014 11:11 knobs.clip: a low end above 0 (0.1) pays every turn, even one that does nothing"]);
  });

  test("compile accepts exactly the settings that --set accepts", () => {
    const base = austinScenario();
    const values = fc.record({
      correct: fc.constantFrom("0", "0.5", "0.8", "1", "1.5", "5"),
      best: fc.constantFrom("0", "0.5", "1", "2", "1000000", "2000000", "1e308"),
      search_fail_every: fc.constantFrom("0", "1", "2", "5"),
      clip: fc.constantFrom("none", "-1..1", "0..0.5", "0.1..1", "-1..-0.5"),
    });
    fc.assert(
      fc.property(values, ({ correct, best, search_fail_every, clip }) => {
        const clipText = clip === "none" ? "none" : clip.replace("..", " .. ");
        const compiled = compileText(travel(`rewards { correct ${correct}, best ${best} }\n  knobs { search_fail_every ${search_fail_every}, clip ${clipText} }`), "s.ubench");
        const compileAccepts = compiled.diagnostics.every((d) => d.code !== "UB2014");
        let runAccepts = true;
        try {
          applyOverrides(base, { "rewards.correct": correct, "rewards.best": best, "knobs.search_fail_every": search_fail_every, "knobs.clip": clip });
        } catch (error) {
          if (!(error instanceof OverrideError)) throw error;
          runAccepts = false;
        }
        expect(compileAccepts).toBe(runAccepts);
      }),
      { numRuns: 80 },
    );
  });
});
