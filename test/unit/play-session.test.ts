import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { compileText } from "../../src/compiler/compile.js";
import type { PersuadeScenario } from "../../src/compiler/gyms/persuade/ir.js";
import type { TravelScenario } from "../../src/compiler/gyms/travel/ir.js";
import type { Scenario } from "../../src/compiler/ir.js";
import { renderAction } from "../../src/runtime/actions.js";
import { transcript } from "../../src/play/render.js";
import { PlaySession } from "../../src/play/session.js";
import { playScripted } from "../support/scripted-episode.js";

/**
 * The play session and its gym lenses against the real env: what the built-in reading says a
 * question does is what the step then does (rewards, judgements, reveals), in the cases where the
 * reading has to know the episode (shared cues, a final answer, a reason argued again, a detail
 * already covered); and `undo` equals a fresh session with one action fewer.
 */

const root = join(import.meta.dirname, "../..");

function scenario(file: string): Scenario {
  return compileText(readFileSync(join(root, file), "utf8"), file).scenarios[0]!.ir;
}

const TRAVEL = scenario("scenarios/travel/austin_family.ubench") as TravelScenario;
const PERSUADE = scenario("scenarios/persuade/end_tipping.ubench") as PersuadeScenario;
const INTENTION = scenario("scenarios/intention/saving_plan.ubench");

const start = (s: Scenario, seed = 0) => PlaySession.start({ scenario: s, seed, user: "builtin" });

describe("travel", () => {
  test("a cue two preferences share goes to one of them; the reading says which won, and the step reveals it", async () => {
    const session = await start(TRAVEL);
    // "features" is a cue of P1 (apartment amenities) and of P3 (the car's extras); the question names no aspect.
    const probe = session.probe("Any features you need?");
    expect(probe.rows.find((r) => r.item === "P1 washer")).toMatchObject({ targeted: true, why: 'its cue "features" is in the question' });
    expect(probe.rows.find((r) => r.item === "P3 child_seats")!.why).toContain('its cue "features" is in the question, but one question reveals one preference and P1 won');
    const turn = await session.act("[action] Any features you need?");
    expect(turn.step.info.judgements[0]!.value).toEqual({ type: "targeted", preference: "P1" });
    expect(turn.revealedNow).toEqual(["P1 washer"]);
    expect(turn.step.reward).toBe(TRAVEL.rewards.elicit);
  });

  test("after a final answer the aspect's preferences are off the table: the reading and the judge agree", async () => {
    const session = await start(TRAVEL);
    await session.act("[answer] A4");
    const probe = session.probe("Anything about laundry?");
    expect(probe.verdict).toMatch(/^absent/);
    expect(probe.rows.find((r) => r.item === "P1 washer")!.why).toBe("the apartment answer is final, so its preferences are no longer on offer");
    expect(session.hidden().find((h) => h.item === "P1 washer")!.revealed).toBe("no longer on offer (its aspect's answer is final)");
    const turn = await session.act("[action] Anything about laundry?");
    expect(turn.step.info.judgements[0]!.value).toEqual({ type: "absent" });
    expect(turn.step.reward).toBe(0);
    expect(turn.probe!.verdict).toMatch(/^absent/);
  });
});

describe("persuade", () => {
  test("a reason argued again moves the persona less, as the reading says", async () => {
    const session = await start(PERSUADE);
    const reason = PERSUADE.reasons[0]!;
    const argument = `[answer] Think of ${reason.cues[0]}.`;
    const first = await session.act(argument);
    expect(first.probe!.rows[0]!.why).toContain(`moves the persona ${reason.levels} level`);
    expect(first.step.info.counters.stanceGain).toBe(reason.levels);
    const again = session.probe(argument.slice("[answer] ".length));
    const less = Math.max(0, reason.levels - PERSUADE.knobs.repeat_decay);
    expect(again.rows[0]!.why).toContain(`moves the persona ${less} level${less === 1 ? "" : "s"} (argued 1x before`);
    const second = await session.act(argument);
    expect(second.step.info.counters.stance! - first.step.info.counters.stance!).toBe(Math.sign(PERSUADE.goal - PERSUADE.start) * less);
    expect(session.hidden()[0]!.revealed).toBe("argued 2x, last at turn 2");
  });
});

describe("intention", () => {
  test("a detail already covered is not covered again: the reading says so and the step earns nothing", async () => {
    const session = await start(INTENTION);
    const first = await session.act("[action] What are you saving for?");
    expect(first.revealedNow).toEqual(["D1 goal"]);
    expect(first.step.reward).toBeGreaterThan(0);
    const probe = session.probe("What is the goal you are saving for?");
    expect(probe.rows[0]).toMatchObject({ targeted: false, why: "already covered (covered at turn 1); the question asks for it again, which earns nothing" });
    const again = await session.act("[action] What is the goal you are saving for?");
    expect(again.step.reward).toBe(0);
    expect(again.revealedNow).toEqual([]);
  });
});

describe("undo", () => {
  test.each([
    ["travel", TRAVEL],
    ["persuade", PERSUADE],
    ["intention", INTENTION],
  ] as const)("%s: undoing the last of a random agent's turns equals playing one action fewer", async (_gym, s) => {
    for (const seed of [1, 2, 3]) {
      const random = await playScripted("scripted:random", s, seed);
      const actions = random.turns.map((t) => (t.action ? renderAction(t.action) : t.raw));
      const played = await start(s, seed);
      for (const action of actions) await played.act(action);
      expect(transcript(played)).toContain(`return ${random.return} of max`);
      const fewer = await start(s, seed);
      for (const action of actions.slice(0, -1)) await fewer.act(action);
      expect(await played.undo()).toBe(true);
      expect(transcript(played)).toBe(transcript(fewer));
      expect(played.hidden()).toEqual(fewer.hidden());
    }
  });

  test("there is nothing to undo before the first turn", async () => {
    expect(await (await start(TRAVEL)).undo()).toBe(false);
  });
});
