import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { compileText } from "../../src/compiler/compile.js";
import type { TravelScenario } from "../../src/compiler/gyms/travel/ir.js";
import { exactSearch, targetedQuestion } from "../../src/runtime/gyms/travel/plans.js";
import { applyOverrides } from "../../src/runtime/overrides.js";
import { playEpisode } from "../support/play-episode.js";
import { expectRescoresExactly } from "../support/rescore-check.js";

/** The two golden-trace scenarios: shapes 2-2 and 1-2-1. */
const scenarios = ["austin_oracle", "lisbon_multi_choice"].map((name) => {
  const text = readFileSync(join(import.meta.dirname, "..", "golden", "traces", name, "input.ubench"), "utf8");
  return compileText(text, `${name}.ubench`).scenarios[0]!.ir as TravelScenario;
});

/** Outputs an agent might write for a scenario: sound, sloppy, pointless and malformed. */
function vocabulary(s: TravelScenario): string[] {
  const prefs = s.aspects.flatMap((a) => a.preferences);
  const ids = s.aspects.flatMap((a) => a.options.map((o) => o.id));
  return [
    ...s.aspects.map((a) => `[search] ${exactSearch(s, a)}`),
    ...s.aspects.map((a) => `[search] ${a.id.replace(/_/g, " ")} somewhere nice`),
    ...prefs.map((p) => `[action] ${targetedQuestion(s, p, prefs)}`),
    ...prefs.map((p) => `[action] what about ${p.cues.at(-1)}?`),
    ...s.aspects.map((a) => `[action] anything for the ${a.id.replace(/_/g, " ")}?`),
    "[action] how is the weather?",
    "[action] what is the price?",
    ...ids.map((id) => `[answer] ${id}`),
    `[answer] ${ids[0]} ${ids[1]}`,
    "[answer] none of these",
    "[finish]",
    "[dance] now",
    "hmm",
  ];
}

const settings = fc.record({
  one_choice: fc.boolean(),
  reveal_after: fc.integer({ min: 0, max: 4 }),
  search_fail_every: fc.constantFrom(0, 2, 3, 5),
  max_turns: fc.integer({ min: 1, max: 30 }),
  step: fc.constantFrom(0, -0.01, -0.05),
  wrong: fc.constantFrom(0, -0.2, -1),
  elicit: fc.constantFrom(0.2, 0.6, 0.8),
  clip: fc.constantFrom("none", "-0.5..0.9", "-1..1"),
});

const episode = fc.record({
  scenario: fc.constantFrom(...scenarios),
  seed: fc.nat({ max: 2 ** 31 - 1 }),
  settings,
  picks: fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
});

describe("travel mechanics properties", () => {
  test("rewards are deterministic for a seed, each step's reward is one the settings declare, the return never exceeds maxReturn, and the recorded judgements re-score it exactly", async () => {
    await fc.assert(
      fc.asyncProperty(episode, async ({ scenario: base, seed, settings: k, picks }) => {
        const scenario = applyOverrides(base, {
          "knobs.one_choice": String(k.one_choice),
          "knobs.reveal_after": String(k.reveal_after),
          "knobs.search_fail_every": String(k.search_fail_every),
          "knobs.max_turns": String(k.max_turns),
          "knobs.clip": k.clip,
          "rewards.step": String(k.step),
          "rewards.wrong": String(k.wrong),
          "rewards.elicit": String(k.elicit),
        }) as TravelScenario;
        const words = vocabulary(scenario);
        const actions = picks.map((p) => words[p % words.length]!);

        const first = await playEpisode(scenario, seed, actions);
        const second = await playEpisode(scenario, seed, actions);
        // Compared as one string: a diff of two long JSON texts would be slow to print.
        expect(JSON.stringify(second) === JSON.stringify(first), "the same seed and actions give the same episode").toBe(true);

        const { rewards, knobs } = scenario;
        const clip = (r: number) => (knobs.clip ? Math.min(knobs.clip.high, Math.max(knobs.clip.low, r)) : r);
        const declared = new Set([0, rewards.search, rewards.elicit, rewards.best, rewards.correct, rewards.wrong].map((r) => Math.round(clip(r + rewards.step) * 1e6) / 1e6));
        for (const step of first) expect(declared.has(step.reward)).toBe(true);
        const total = first.reduce((n, s) => n + s.reward, 0);
        expect(total).toBeLessThanOrEqual(scenario.maxReturn + 1e-9);

        await expectRescoresExactly(scenario, seed, actions, first);
      }),
      { numRuns: 300 },
    );
  });
});
