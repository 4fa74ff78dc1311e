import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { applyOverrides } from "../../src/runtime/overrides.js";
import type { Judgement } from "../../src/runtime/types.js";
import { intentionScenario } from "../support/gym-fixtures.js";
import { playEpisode } from "../support/play-episode.js";
import { replayEpisode } from "../support/replay-episode.js";
import { expectRescoresExactly } from "../support/rescore-check.js";

/**
 * Intention mechanics under any judge: the recorded simulator reports arbitrary coverage
 * judgements (duplicate ids, unknown ids, details already covered, malformed values, fallbacks)
 * and replies, and the fix of the seed's double counting must hold for all of them.
 */

const base = intentionScenario();
const IDS = ["D1", "D2", "D3", "D4"];

const settings = fc.record({
  extra: fc.constantFrom("0", "0.2", "0.5"),
  step: fc.constantFrom("0", "0", "-0.02"),
  clip: fc.constantFrom("none", "-1..1", "-0.5..0.8"),
  max_turns: fc.integer({ min: 1, max: 25 }),
});

const move = fc.record({
  action: fc.constantFrom("[action] a question", "[action] another question", "[action] a question", "[finish]", "[answer] D1", "hmm"),
  covered: fc.array(fc.constantFrom("D1", "D2", "D3", "D4", "D9", "d1"), { maxLength: 6 }),
  onTask: fc.boolean(),
  judge: fc.constantFrom("llm", "llm", "builtin", "fallback", "malformed"),
  reply: fc.constantFrom("Sure, a week.", "", "Hmm."),
  replySource: fc.constantFrom<Judgement["source"]>("llm", "llm", "fallback"),
});
type Move = { covered: string[]; onTask: boolean; judge: string; reply: string; replySource: Judgement["source"] };

/** The judgements the recorded simulator plays for one question: coverage, then (unless the judge failed) the reply. */
function judgementsOf(m: Move): Judgement[] {
  if (m.judge === "fallback") return [{ kind: "coverage", source: "fallback", value: { onTask: false, covered: [] }, fallbackReason: "scripted failure" }];
  if (m.judge === "malformed") return [{ kind: "coverage", source: "llm", value: { onTask: m.onTask, covered: m.covered.join(",") } }];
  const coverage: Judgement = { kind: "coverage", source: m.judge as Judgement["source"], value: { onTask: m.onTask, covered: m.covered } };
  const reply: Judgement = m.replySource === "fallback" ? { kind: "reply", source: "fallback", value: { text: "" }, fallbackReason: "scripted failure" } : { kind: "reply", source: m.replySource, value: { text: m.reply } };
  return [coverage, reply];
}

describe("intention mechanics properties", () => {
  test("for any judgement sequence (duplicate ids included): a detail counts once ever, a step pays only for details it newly covers, the return never exceeds maxReturn without a step penalty, and the judgements re-score it", async () => {
    await fc.assert(
      fc.asyncProperty(settings, fc.nat({ max: 2 ** 31 - 1 }), fc.array(move, { minLength: 1, maxLength: 30 }), async (k, seed, moves) => {
        const scenario = applyOverrides(base, { "rewards.extra": k.extra, "rewards.step": k.step, "knobs.clip": k.clip, "knobs.max_turns": String(k.max_turns) });
        const actions = moves.map((m) => m.action);
        const judgements = moves.map((m) => (m.action.startsWith("[action]") ? judgementsOf(m) : []));
        const steps = await replayEpisode(scenario, seed, actions, judgements);

        const importance = new Map(scenario.details.map((d) => [d.id, d.importance]));
        const coveredSoFar = new Set<string>();
        for (const [i, s] of steps.entries()) {
          const before = coveredSoFar.size;
          const fed = judgements[i]!;
          const coverage = fed[0];
          const usable = coverage && coverage.source !== "fallback" && Array.isArray(coverage.value.covered) && fed[1]?.source !== "fallback" && (fed[1]?.value.text as string) !== "";
          const newly = usable ? [...new Set(coverage.value.covered as string[])].filter((id) => IDS.includes(id) && !coveredSoFar.has(id)) : [];
          for (const id of newly) coveredSoFar.add(id);
          expect(s.info.counters.coveredDetails, `step ${i + 1}: each detail counts once`).toBe(coveredSoFar.size);
          const rewards = scenario.rewards;
          const top = newly.length === 0 ? 0 : Math.max(...newly.map((id) => rewards[importance.get(id)!]));
          const expected = Math.max(0, top - rewards.extra * Math.max(0, newly.length - 1)) + rewards.step;
          const clip = scenario.knobs.clip;
          const clipped = clip ? Math.min(clip.high, Math.max(clip.low, expected)) : expected;
          expect(s.reward, `step ${i + 1}`).toBeCloseTo(clipped, 6);
          if (coveredSoFar.size === before) expect(s.reward).toBeLessThanOrEqual(0);
        }
        expect(coveredSoFar.size).toBeLessThanOrEqual(IDS.length);
        const total = steps.reduce((n, s) => n + s.reward, 0);
        if (scenario.rewards.step === 0) expect(total).toBeLessThanOrEqual(scenario.maxReturn + 1e-9);

        const rescored = await expectRescoresExactly(scenario, seed, actions, steps);
        expect(rescored.outcome!.metrics.coveredDetails).toBe(coveredSoFar.size);
        expect(rescored.outcome!.score).toBeCloseTo(coveredSoFar.size / IDS.length, 6);
        expect(rescored.terminated && actions[steps.length - 1] !== "[finish]").toBe(coveredSoFar.size === IDS.length);

        const again = await replayEpisode(scenario, seed, actions, judgements);
        expect(JSON.stringify(again) === JSON.stringify(steps)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  test("with the built-in user and judge: the same seed and questions give the same episode, and the judgements re-score it", async () => {
    const words = [
      ...base.details.flatMap((d) => d.asks.map((q) => `[action] ${q}`)),
      "[action] How long, and on what budget?",
      "[action] Which sights, and which hotel?",
      "[action] Tell me more about Paris.",
      "[action] Nice weather today.",
      "[finish]",
      "[answer] a week",
    ];
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 2 ** 31 - 1 }), fc.array(fc.nat({ max: words.length - 1 }), { minLength: 1, maxLength: 20 }), async (seed, picks) => {
        const actions = picks.map((p) => words[p]!);
        const play = () => playEpisode(base, seed, actions);
        const first = await play();
        expect(JSON.stringify(await play()) === JSON.stringify(first)).toBe(true);
        expect(first.reduce((n, s) => n + s.reward, 0)).toBeLessThanOrEqual(base.maxReturn + 1e-9);
        await expectRescoresExactly(base, seed, actions, first);
      }),
      { numRuns: 200 },
    );
  });
});
