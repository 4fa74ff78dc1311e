import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { judgeQuestion } from "../../src/compiler/gyms/intention/judge.js";
import type { IntentionScenario } from "../../src/compiler/gyms/intention/ir.js";
import { touchedReasons } from "../../src/compiler/gyms/persuade/judge.js";
import type { PersuadeScenario } from "../../src/compiler/gyms/persuade/ir.js";
import type { TravelScenario } from "../../src/compiler/gyms/travel/ir.js";
import { containsSpecificPhrase, hasSpecificWord, isGenericWord } from "../../src/compiler/text/generic.js";
import { PlaySession } from "../../src/play/session.js";
import { classifyUtterance } from "../../src/runtime/gyms/travel/builtin-simulator.js";
import { scenarioIndex } from "../../src/runtime/gyms/travel/scenario-index.js";
import { compileScenario } from "../support/compile-text.js";

/**
 * Issue 18's loophole: `asks "Could you tell me more?"` (or a cue such as "tell me more") made any
 * "Could you tell me more about it?" earn the detail's reward. The built-in judges of every gym
 * now need a non-generic word in what they match.
 */
const example = (code: string, file: string) => readFileSync(join(import.meta.dirname, "../diagnostics", code, file), "utf8");

describe("generic words", () => {
  test("asking words and stop words are generic, by stem and through contractions; topics are not", () => {
    for (const w of ["tell", "tells", "More", "details", "you'd", "what's", "anything", "about"]) expect(isGenericWord(w), w).toBe(true);
    for (const w of ["evening", "budget", "share", "time", "price", "garden"]) expect(isGenericWord(w), w).toBe(false);
    expect(hasSpecificWord("Could you tell me more?")).toBe(false);
    expect(hasSpecificWord("tell me more about the garden")).toBe(true);
  });

  test("a cue matches only where the question's matched words include a specific one", () => {
    expect(containsSpecificPhrase("Could you tell me more?", "tell me more")).toBe(false);
    // "even" stems like "evening": the stem matches, the word is generic.
    expect(containsSpecificPhrase("Is it even possible?", "evening")).toBe(false);
    expect(containsSpecificPhrase("Any evening plans?", "evening")).toBe(true);
    expect(containsSpecificPhrase("How long is the time of day?", "time of day")).toBe(true);
  });
});

describe("the built-in judges reward no generic question", () => {
  test("intention: asks 'Could you tell me more?' and the cue 'tell me more' cover nothing", () => {
    const compiled = compileScenario<IntentionScenario>(example("UB3016", "fixed.ubench"), "paris.ubench");
    const budget = compiled.details[1]!.id; // the file's second detail, `budget`
    const scenario: IntentionScenario = {
      ...compiled,
      details: compiled.details.map((d) => (d.id === budget ? { ...d, asks: ["Could you tell me more?"], cues: [...d.cues, "tell me more", "when is"] } : d)),
    };
    expect(judgeQuestion(scenario, "Could you tell me more about it?", scenario.details).covered).toEqual([]);
    expect(judgeQuestion(scenario, "When is it?", scenario.details).covered).toEqual([]);
    expect(judgeQuestion(scenario, "What is your budget?", scenario.details).covered).toEqual([budget]);
  });

  test("persuade: a cue of generic words touches no reason", () => {
    const compiled = compileScenario<PersuadeScenario>(example("UB2022", "fixed.ubench"), "aging.ubench");
    const scenario: PersuadeScenario = { ...compiled, reasons: compiled.reasons.map((r) => ({ ...r, cues: [...r.cues, "tell me more", "think about"] })) };
    expect(touchedReasons(scenario, "Tell me more, and think about it.")).toEqual([]);
    expect(touchedReasons(scenario, "Think about the price.")).toEqual([compiled.reasons[0]!.id]); // `cost`, cue "price"
  });

  test("travel: a generic question targets no preference, even through a stem ('even' ~ 'evening')", () => {
    const compiled = compileScenario<TravelScenario>(example("UB3008", "fixed.ubench"), "lisbon.ubench");
    const scenario: TravelScenario = {
      ...compiled,
      aspects: compiled.aspects.map((a) => ({ ...a, preferences: a.preferences.map((p) => ({ ...p, cues: [...p.cues, "tell me more", "evening"] })) })),
    };
    const all = scenarioIndex(scenario).preferences;
    expect(classifyUtterance(scenario, "Could you tell me more?", all).type).not.toBe("targeted");
    expect(classifyUtterance(scenario, "Is that even a thing?", all).type).not.toBe("targeted");
    expect(classifyUtterance(scenario, "Do you arrive in the evening?", all)).toEqual({ type: "targeted", preference: all[0]!.id });
  });
});

describe("ubc play's reading quotes the cue that really matched", () => {
  test("intention: not a generic cue the judge ignores", async () => {
    const compiled = compileScenario<IntentionScenario>(readFileSync(join(import.meta.dirname, "../../scenarios/intention/saving_plan.ubench"), "utf8"), "saving_plan.ubench");
    const horizon = compiled.details.find((d) => d.cues.includes("time horizon"))!;
    const scenario: IntentionScenario = { ...compiled, details: compiled.details.map((d) => (d === horizon ? { ...d, cues: ["tell me more", ...d.cues] } : d)) };
    const session = await PlaySession.start({ scenario, seed: 0, user: "builtin" });
    const row = session.probe("Could you tell me more about your time horizon?").rows.find((r) => r.item === `${horizon.id} ${horizon.name}`)!;
    expect(row).toMatchObject({ targeted: true, why: 'its cue "time horizon" is in the question' });
  });
});
