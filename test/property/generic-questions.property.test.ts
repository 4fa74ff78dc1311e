import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { compileSources } from "../../src/compiler/compile.js";
import type { IntentionScenario } from "../../src/compiler/gyms/intention/ir.js";
import type { PersuadeScenario } from "../../src/compiler/gyms/persuade/ir.js";
import type { TravelScenario } from "../../src/compiler/gyms/travel/ir.js";
import { loadSources } from "../../src/compiler/sources.js";
import { GENERIC_WORDS } from "../../src/compiler/text/generic.js";
import { BuiltinIntentionSimulator } from "../../src/runtime/gyms/intention/builtin-simulator.js";
import { BuiltinPersuadeSimulator } from "../../src/runtime/gyms/persuade/builtin-simulator.js";
import { BuiltinTravelSimulator } from "../../src/runtime/gyms/travel/builtin-simulator.js";
import { scenarioIndex } from "../../src/runtime/gyms/travel/scenario-index.js";
import { createRng } from "../../src/runtime/rng.js";

/**
 * Issue 18: a question made only of generic words ("Could you tell me more about it?") earns no
 * targeted reward from the built-in user of any gym, in any shipped scenario, with everything
 * still to elicit.
 */

const { scenarios } = compileSources(loadSources([`${import.meta.dirname}/../../scenarios`]).sources);
const ofGym = <T>(gym: string) => scenarios.filter((s) => s.ir.gym === gym).map((s) => s.ir as unknown as T);
const travel = ofGym<TravelScenario>("travel");
const intention = ofGym<IntentionScenario>("intention");
const persuade = ofGym<PersuadeScenario>("persuade");

/** A question of 1-12 generic words, in any case, with the punctuation questions have. */
const genericQuestion = fc
  .tuple(
    fc.array(fc.tuple(fc.constantFrom(...GENERIC_WORDS), fc.constantFrom("lower", "Capital", "UPPER"), fc.constantFrom(" ", ", ", "? ", "! ", " - ")), { minLength: 1, maxLength: 12 }),
    fc.constantFrom("?", ".", "", "!"),
  )
  .map(([parts, end]) => parts.map(([w, c, sep], i) => (c === "UPPER" ? w.toUpperCase() : c === "Capital" ? w[0]!.toUpperCase() + w.slice(1) : w) + (i < parts.length - 1 ? sep : "")).join("") + end);

const RUNS = { numRuns: 300, seed: 18 };

describe("generic questions earn no targeted reward from the built-in user", () => {
  test("the shipped scenarios of every gym are here", () => {
    expect([travel.length, intention.length, persuade.length].every((n) => n > 0)).toBe(true);
  });

  test("travel: never a targeted utterance", async () => {
    const simulator = new BuiltinTravelSimulator();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...travel), genericQuestion, async (scenario, utterance) => {
        const judgement = await simulator.judgeUtterance({ scenario, utterance, remaining: scenarioIndex(scenario).preferences, history: [] });
        expect(judgement.value.type, utterance).not.toBe("targeted");
      }),
      RUNS,
    );
  });

  test("intention: never covers a detail", async () => {
    const simulator = new BuiltinIntentionSimulator();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...intention), genericQuestion, async (scenario, question) => {
        const judgement = await simulator.judgeQuestion({ scenario, question, remaining: scenario.details, history: [] });
        expect(judgement.value.covered, question).toEqual([]);
      }),
      RUNS,
    );
  });

  test("persuade: never touches a reason nor moves the stance", async () => {
    const simulator = new BuiltinPersuadeSimulator();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...persuade), genericQuestion, async (scenario, argument) => {
        const judgement = await simulator.respond({ scenario, argument, stance: scenario.start, argued: new Map(), history: [], rng: createRng(1) });
        expect(judgement.value.touched, argument).toEqual([]);
        expect(judgement.value.stance, argument).toBe(scenario.ladder[scenario.start]);
      }),
      RUNS,
    );
  });
});
