import { describe, expect, test } from "vitest";
import { classifyUtterance, matchSearch } from "../../src/runtime/gyms/travel/builtin-simulator.js";
import { RequestFacts } from "../../src/runtime/gyms/travel/matching.js";
import { austinScenario } from "./runtime-fixtures.js";

const scenario = austinScenario();
const all = scenario.aspects.flatMap((a) => a.preferences);
const without = (...ids: string[]) => all.filter((p) => !ids.includes(p.id));

describe("built-in search judge", () => {
  test.each([
    ["apartment city: Austin, check_in: 2025-11-10, check_out: 2025-11-15, guests: 4", "apartment"],
    ["a flat in austin from November 10th to 15th for 4 people", "apartment"],
    ["Accommodation, Austin, 11/10/2025 - 11/15/2025, 4 guests", "apartment"],
    ["place to stay in Austin 10 Nov 2025 to 15 Nov 2025, four adults... 4 guests", "apartment"],
    ["rental car, Austin, pick up Nov 10, drop off Nov 15", "rental_car"],
    ["Car rental in Austin 2025-11-10 to 2025-11-15", "rental_car"],
  ])("%j matches %s", (request, aspect) => {
    expect(matchSearch(scenario, request).aspect).toBe(aspect);
  });

  test.each([
    ["apartment in Austin 2025-11-10 to 2025-11-15", "guests missing"],
    ["apartment in Dallas 2025-11-10 to 2025-11-15 for 4", "wrong city"],
    ["apartment in Austin 2025-11-11 to 2025-11-15 for 4", "wrong date"],
    ["Austin 2025-11-10 to 2025-11-15 for 4", "no aspect named"],
    ["apartment and car in Austin 2025-11-10 to 2025-11-15 for 4", "two requests at once"],
    ["apartment in Austin 2025-11-10 to 2025-11-15 for $1,240", "4 only inside another number"],
  ])("%j does not match (%s)", (request) => {
    expect(matchSearch(scenario, request).aspect).toBeNull();
  });

  test("numbers are compared as numbers, dates in common written forms, date parts are not numbers", () => {
    const facts = new RequestFacts("Nov 10-15 2025, 4.0 guests, budget 1,200");
    expect([...facts.numbers].sort((a, b) => a - b)).toEqual([4, 1200]);
    expect(facts.mentions("2025-11-15")).toBe(true);
    expect(facts.mentions("2025-11-16")).toBe(false);
    expect(facts.mentions(4)).toBe(true);
    expect(facts.mentions(10)).toBe(false);
    expect(facts.mentions("AUSTIN")).toBe(false);
    expect(new RequestFacts("in austin").mentions("AUSTIN")).toBe(true);
  });
});

describe("built-in utterance judge", () => {
  test.each([
    ["Do you need a washing machine in the flat?", "P1"],
    ["Is laundry important?", "P1"],
    ["How do you feel about the guest reviews?", "P2"],
    ["Any need for a booster seat?", "P3"],
    ["Can you drive stick?", "P4"],
    ["What features matter for the car?", "P3"], // "features" is a cue of P1 and P3: the named aspect decides
    ["What features matter for the apartment?", "P1"],
    ["What features matter?", "P1"], // no aspect named: the first in id order
  ])("%j targets %s", (utterance, id) => {
    expect(classifyUtterance(scenario, utterance, all)).toEqual({ type: "targeted", preference: id });
  });

  test("a cue of a preference that is no longer remaining, or a field no preference uses, is absent", () => {
    expect(classifyUtterance(scenario, "Is laundry important?", without("P1"))).toEqual({ type: "absent" });
    expect(classifyUtterance(scenario, "How many bedrooms?", all)).toEqual({ type: "absent" });
    expect(classifyUtterance(scenario, "What's the most you'd pay, price-wise?", all)).toEqual({ type: "absent" });
  });

  test("naming only an aspect, or wishes in general, is vague; anything else is unrelated", () => {
    expect(classifyUtterance(scenario, "Anything about the car?", all)).toEqual({ type: "vague" });
    expect(classifyUtterance(scenario, "Do you have any preferences?", all)).toEqual({ type: "vague" });
    expect(classifyUtterance(scenario, "Nice weather in Texas!", all)).toEqual({ type: "unrelated" });
    expect(classifyUtterance(scenario, "What is your name?", all)).toEqual({ type: "unrelated" });
  });

  test("cues match whole words with light stemming, case-insensitively", () => {
    expect(classifyUtterance(scenario, "REVIEW scores?", all)).toEqual({ type: "targeted", preference: "P2" });
    expect(classifyUtterance(scenario, "Any boosters?", all)).toEqual({ type: "targeted", preference: "P3" });
    expect(classifyUtterance(scenario, "Do you drive manually?", all)).toEqual({ type: "targeted", preference: "P4" });
    expect(classifyUtterance(scenario, "Is the carpet clean?", all)).toEqual({ type: "unrelated" }); // "car" only inside a word
  });
});
