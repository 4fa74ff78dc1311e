import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { goalSpan } from "../../src/compiler/gyms/persuade/derive.js";
import type { PersuadeScenario } from "../../src/compiler/gyms/persuade/ir.js";
import { applyOverrides } from "../../src/runtime/overrides.js";
import type { Judgement } from "../../src/runtime/types.js";
import { persuadeReversedScenario, persuadeScenario } from "../support/gym-fixtures.js";
import { playEpisode } from "../support/play-episode.js";
import { replayEpisode } from "../support/replay-episode.js";
import { expectRescoresExactly } from "../support/rescore-check.js";

/**
 * Persuade mechanics under any persona: the recorded simulator reports arbitrary stances (ladder
 * labels, labels that are not on the ladder, fallbacks, missing replies), and the properties the
 * fix of the seed's oscillation defect promises must hold for all of them.
 *
 * Each step's reward is rounded to 6 places (as in every gym), so a sum of k paying steps may
 * differ from the exact value by up to k × 5e-7; the bounds below allow exactly that slack.
 */

const bases = [persuadeScenario(), persuadeReversedScenario()];
const ROUNDING = 5e-7;

const settings = fc.record({
  progress: fc.constantFrom("1", "0.5", "2"),
  step: fc.constantFrom("0", "-0.01", "-0.1"),
  clip: fc.constantFrom("none", "-1..1", "-0.05..0.2"),
  max_turns: fc.integer({ min: 1, max: 25 }),
  repeat_decay: fc.integer({ min: 0, max: 2 }),
});

/** One agent move and the persona's arbitrary judgement of it (used only when the move is an argument). */
const move = fc.record({
  action: fc.constantFrom("[answer] an argument", "[answer] another argument", "[answer] an argument", "[finish]", "[search] not here", "gibberish"),
  label: fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constantFrom("kind of convinced", "", "STRONGLY DISAGREE")),
  source: fc.constantFrom<Judgement["source"]>("llm", "llm", "builtin", "fallback"),
  touched: fc.subarray(["R1", "R2", "R3", "R9", "R1"]),
  reply: fc.constantFrom("Hmm.", "You may have a point.", ""),
});

type Move = { label: number | string; source: Judgement["source"]; touched: string[]; reply: string };

function judgementOf(scenario: PersuadeScenario, { label, source, touched, reply }: Move): Judgement {
  const stance = typeof label === "number" ? scenario.ladder[label] : label;
  const value = source === "fallback" ? { reply } : { stance, touched, reply };
  return source === "fallback" ? { kind: "stance", source, value, fallbackReason: "scripted failure" } : { kind: "stance", source, value };
}

describe("persuade mechanics properties", () => {
  test("for any stance sequence: only new progress pays, the return never exceeds maxReturn (≤ 1) or progress × span / (ladder − 1), the score is the share of the way, and the judgements re-score it", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...bases), settings, fc.nat({ max: 2 ** 31 - 1 }), fc.array(move, { minLength: 1, maxLength: 30 }), async (base, k, seed, moves) => {
        const scenario = applyOverrides(base, {
          "rewards.progress": k.progress,
          "rewards.step": k.step,
          "knobs.clip": k.clip,
          "knobs.max_turns": String(k.max_turns),
          "knobs.repeat_decay": String(k.repeat_decay),
        });
        const actions = moves.map((m) => m.action);
        const judgements = moves.map((m) => (m.action.startsWith("[answer]") ? [judgementOf(scenario, m)] : []));
        const steps = await replayEpisode(scenario, seed, actions, judgements);

        const span = goalSpan(scenario);
        const perLevel = Number(k.progress) / (scenario.ladder.length - 1);
        const step = Number(k.step);
        let best = 0;
        let paying = 0;
        for (const s of steps) {
          const gain = s.info.counters.stanceGain! - best;
          expect(gain, "the best stance never moves back").toBeGreaterThanOrEqual(0);
          if (gain > 0) paying++;
          if (gain === 0 && s.reward > 0) throw new Error(`a step without new progress paid ${s.reward}`);
          best = s.info.counters.stanceGain!;
        }
        expect(best).toBeLessThanOrEqual(span);
        const total = steps.reduce((n, s) => n + s.reward, 0);
        // step <= 0 and a clip whose low end is <= 0: no step pays more than its progress.
        expect(total).toBeLessThanOrEqual(perLevel * span + paying * ROUNDING + 1e-9);
        if (step === 0 && k.clip === "none") {
          expect(total).toBeLessThanOrEqual(scenario.maxReturn + (paying + span) * ROUNDING + 1e-9);
          if (Number(k.progress) <= 1) expect(total).toBeLessThanOrEqual(1 + paying * ROUNDING + 1e-9);
        }

        const last = steps.at(-1)!;
        const goal = last.terminated && actions[steps.length - 1] !== "[finish]";
        expect(goal).toBe(best === span);
        // the judgements as recorded (fallbacks the env made of unfit ones included) re-score the episode exactly
        const outcome = await expectRescoresExactly(scenario, seed, actions, steps);
        expect(outcome.outcome!.score).toBeCloseTo(best / span, 6);
        expect(outcome.outcome!.metrics.goalReached).toBe(best === span ? 1 : 0);

        // determinism: the same seed and judgements give the same episode
        const again = await replayEpisode(scenario, seed, actions, judgements);
        expect(JSON.stringify(again) === JSON.stringify(steps)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  test("with the built-in persona: the same seed and arguments give the same episode, the stance only moves toward the goal, and the judgements re-score it", async () => {
    const words = [
      "[answer] Think of the junior staff and their mentoring.",
      "[answer] Remote workers get lonely.",
      "[answer] The hallway chats matter.",
      "[answer] Mental health suffers in isolation, and whiteboard sessions vanish.",
      "[answer] You are simply wrong.",
      "[answer] apprentice",
      "[finish]",
      "[action] hello",
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...bases), fc.nat({ max: 2 ** 31 - 1 }), fc.array(fc.nat({ max: words.length - 1 }), { minLength: 1, maxLength: 25 }), fc.integer({ min: 0, max: 2 }), async (base, seed, picks, decay) => {
        const scenario = applyOverrides(base, { "knobs.repeat_decay": String(decay) });
        const actions = picks.map((p) => words[p]!);
        const play = () => playEpisode(scenario, seed, actions);
        const first = await play();
        expect(JSON.stringify(await play()) === JSON.stringify(first)).toBe(true);
        let progress = 0;
        let paying = 0;
        for (const s of first) {
          const now = Math.abs(s.info.counters.stance! - scenario.start);
          expect(now).toBeGreaterThanOrEqual(progress);
          if (now > progress) paying++;
          progress = now;
        }
        const total = first.reduce((n, s) => n + s.reward, 0);
        expect(total).toBeLessThanOrEqual(scenario.maxReturn + (paying + goalSpan(scenario)) * ROUNDING + 1e-9);
        await expectRescoresExactly(scenario, seed, actions, first);
      }),
      { numRuns: 200 },
    );
  });
});
