import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { IntentionScenario } from "../../src/compiler/gyms/intention/ir.js";
import { judgeQuestion } from "../../src/compiler/gyms/intention/judge.js";
import type { PersuadeScenario } from "../../src/compiler/gyms/persuade/ir.js";
import { touchedReasons } from "../../src/compiler/gyms/persuade/judge.js";
import { loadScenarios } from "../../src/runs/scenarios.js";
import { createPolicyAgent } from "../../src/runtime/agents/policy-agent.js";
import { runtimeFor } from "../../src/runtime/gyms/registry.js";
import { FEATURE_INDEX, FEATURE_NAMES } from "../../src/runtime/policy/features.js";
import { IntentionActSpace, replyCovers, VAGUE_QUESTION } from "../../src/runtime/policy/intention.js";
import { PersuadeActSpace, reasonArgument } from "../../src/runtime/policy/persuade.js";
import { actSpaceFor, initialWeights, POLICY_FORMAT, POLICY_GYMS, weightsFromFile } from "../../src/runtime/policy/softmax.js";
import { runEpisode } from "../../src/runtime/rollout.js";
import { DEFAULT_PPO } from "../../src/rl/ppo.js";
import { evaluateGreedy, train } from "../../src/rl/train.js";

const load = (dir: string) => loadScenarios(readdirSync(dir).filter((f) => f.endsWith(".ubench")).sort().map((f) => join(dir, f))).scenarios;
const persuades = load("scenarios/persuade") as PersuadeScenario[];
const intentions = load("scenarios/intention") as IntentionScenario[];
const essays = persuades.find((s) => s.id === "ai_essays")!;
const dog = intentions.find((s) => s.id === "adopting_a_dog")!;

const feature = (v: Float64Array, name: string) => v[FEATURE_INDEX.get(name)!]!;
const obs = (feedback: string, turn: number, maxTurns = 20) => ({ feedback, turn, maxTurns });

function play(scenario: PersuadeScenario | IntentionScenario, weights: Float64Array, sample: boolean, seed: number) {
  const runtime = runtimeFor(scenario);
  return runEpisode({ env: runtime.createEnv(scenario, {}), agent: createPolicyAgent(weights, { sample }), scenario, seed, trial: 0, user: "builtin", systemPrompt: "" });
}

function weightsOf(values: Record<string, number>): Float64Array {
  const w = initialWeights();
  for (const [name, value] of Object.entries(values)) w[FEATURE_INDEX.get(name)!] = value;
  return w;
}

describe("the softmax policy's act spaces for persuade and intention", () => {
  test("every gym has acts, and the new features are named once", () => {
    expect([...POLICY_GYMS].sort()).toEqual(["intention", "persuade", "travel"]);
    expect(new Set(FEATURE_NAMES).size).toBe(FEATURE_NAMES.length);
    expect(actSpaceFor(essays)).toBeInstanceOf(PersuadeActSpace);
    expect(actSpaceFor(dog)).toBeInstanceOf(IntentionActSpace);
  });

  test("persuade acts: one argument per reason, each touching that reason (alone whenever a solo cue exists), then finish", () => {
    for (const scenario of persuades) {
      const space = new PersuadeActSpace(scenario);
      space.observe(obs(scenario.opening[0]!, 0));
      const acts = space.candidatesWithFeatures();
      expect(acts.map((a) => a.action.choice)).toEqual([...scenario.reasons.map(() => "answer"), "finish"]);
      scenario.reasons.forEach((reason, i) => {
        expect(acts[i]!.action.content).toBe(reasonArgument(scenario, reason));
        expect(touchedReasons(scenario, acts[i]!.action.content)).toContain(reason.id);
      });
    }
    const acts = new PersuadeActSpace(essays).candidatesWithFeatures();
    expect(acts[0]!.action.content).toBe("Have you thought about critical thinking?");
    expect(touchedReasons(essays, acts[0]!.action.content)).toEqual(["R1"]);
  });

  test("persuade features: fresh/count, acknowledgement by the reason's reply texts, a miss, finish once all are argued", () => {
    const space = new PersuadeActSpace(essays);
    space.observe(obs(essays.opening[0]!, 0));
    let acts = space.candidatesWithFeatures();
    expect(feature(acts[0]!.features, "persuade.argue")).toBe(1);
    expect(feature(acts[0]!.features, "persuade.argue.fresh")).toBe(1);
    expect(feature(acts[0]!.features, "persuade.argue.unacknowledged")).toBe(1);
    expect(feature(acts.at(-1)!.features, "persuade.finish")).toBe(1);
    expect(feature(acts.at(-1)!.features, "persuade.argue")).toBe(0);
    acts[0]!.commit();
    space.observe(obs(essays.reasons[0]!.replies[1]!, 1));
    acts = space.candidatesWithFeatures();
    expect(feature(acts[0]!.features, "persuade.argue.fresh")).toBe(0);
    expect(feature(acts[0]!.features, "persuade.argue.count")).toBe(0.25);
    expect(feature(acts[0]!.features, "persuade.argue.unacknowledged")).toBe(0);
    expect(feature(acts[1]!.features, "persuade.argue.unacknowledged")).toBe(1);
    expect(feature(acts[0]!.features, "persuade.argue.turn")).toBeCloseTo(1 / 20, 12);
    // An argument the persona answers with no reason's reply is a miss for that reason.
    acts[1]!.commit();
    space.observe(obs('I hear you, but that doesn\'t change my mind. I still stand by it: "x"', 2));
    acts = space.candidatesWithFeatures();
    expect(feature(acts[1]!.features, "persuade.argue.last_missed")).toBe(1);
    expect(feature(acts[0]!.features, "persuade.argue.last_missed")).toBe(0);
    expect(feature(acts[1]!.features, "persuade.argue.unacknowledged")).toBe(1);
    expect(feature(acts[0]!.features, "persuade.argue.unacknowledged")).toBe(0);
    expect(feature(acts.at(-1)!.features, "persuade.finish.all_argued")).toBe(0);
    acts[2]!.commit();
    space.observe(obs(essays.reasons[2]!.replies[0]!, 3));
    expect(feature(space.candidatesWithFeatures().at(-1)!.features, "persuade.finish.all_argued")).toBe(1);
  });

  test("intention acts: each detail's first example question, a vague question, finish", () => {
    for (const scenario of intentions) {
      const acts = new IntentionActSpace(scenario).candidatesWithFeatures();
      expect(acts.map((a) => a.action)).toEqual([...scenario.details.map((d) => ({ choice: "action", content: d.asks[0] })), { choice: "action", content: VAGUE_QUESTION }, { choice: "finish", content: "" }]);
      scenario.details.forEach((d, i) => expect(judgeQuestion(scenario, acts[i]!.action.content, scenario.details).covered).toContain(d.id));
    }
  });

  test("intention features: importance one-hot, asked, covered by a reply quoting an answer, finish once all are asked", () => {
    const space = new IntentionActSpace(dog);
    space.observe(obs(dog.task[0]!, 0));
    let acts = space.candidatesWithFeatures();
    dog.details.forEach((d, i) => {
      for (const level of ["high", "medium", "low"]) expect(feature(acts[i]!.features, `intention.ask.${level}`)).toBe(d.importance === level ? 1 : 0);
    });
    expect(feature(acts[0]!.features, "intention.ask.asked")).toBe(0);
    expect(feature(acts[dog.details.length]!.features, "intention.vague")).toBe(1);
    acts[0]!.commit();
    // The built-in user's answer to housing also mentions no other detail.
    space.observe(obs(`As for type of home and access to a garden: ${dog.details[0]!.answers[1]!}.`, 1));
    acts = space.candidatesWithFeatures();
    expect(feature(acts[0]!.features, "intention.ask.asked")).toBe(1);
    expect(feature(acts[0]!.features, "intention.ask.covered")).toBe(1);
    expect(feature(acts[1]!.features, "intention.ask.covered")).toBe(0);
    expect(feature(acts[0]!.features, "intention.ask.turn")).toBeCloseTo(1 / 20, 12);
    expect(replyCovers("Hmm, I don't have much to add there.", dog.details[1]!)).toBe(false);
    expect(feature(acts.at(-1)!.features, "intention.finish.all_asked")).toBe(0);
    for (let i = 1; i < dog.details.length; i++) acts[i]!.commit();
    expect(feature(space.candidatesWithFeatures().at(-1)!.features, "intention.finish.all_asked")).toBe(1);
  });

  test("hand-set weights solve both gyms; the untrained policy is seeded", async () => {
    const w = weightsOf({ "persuade.argue.fresh": 5, "persuade.finish": -5, "intention.ask.covered": -5, "intention.ask.asked": -5, "intention.vague": -5, "intention.finish": -5 });
    expect((await play(essays, w, false, 1)).score).toBe(1);
    expect((await play(dog, w, false, 1)).score).toBe(1);
    for (const scenario of [essays, dog]) {
      const a = await play(scenario, initialWeights(), true, 9);
      const b = await play(scenario, initialWeights(), true, 9);
      expect(a.error).toBeUndefined();
      expect(a.turns.map((t) => t.raw)).toEqual(b.turns.map((t) => t.raw));
      expect(a.turns.every((t) => t.invalid === undefined)).toBe(true);
    }
  });

  test("policy files written before these features load, with 0 for the new ones", () => {
    const old = FEATURE_NAMES.filter((n) => !n.startsWith("persuade.") && !n.startsWith("intention."));
    const weights = weightsFromFile({ format: POLICY_FORMAT, kind: "softmax", features: old, weights: old.map(() => 1) });
    FEATURE_NAMES.forEach((n, i) => expect(weights[i]).toBe(old.includes(n) ? 1 : 0));
  });

  test("a short training run on 2 persuade + 2 intention scenarios raises the sampled mean score; same seed, same run", async () => {
    const scenarios = [essays, persuades.find((s) => s.id === "end_tipping")!, dog, intentions.find((s) => s.id === "wedding_toast")!];
    const settings = { scenarios, group: 6, iterations: 8, credit: { gamma: 0.8, turnCredit: "equalized", trajectoryScore: "sum" } as const, lr: 0.1, epochs: 4, ppo: DEFAULT_PPO, seed: 4 };
    const { weights, metrics } = await train(settings);
    const first = metrics[0]!;
    const last = metrics.at(-1)!;
    expect(Object.keys(first.scoreByGym).sort()).toEqual(["intention", "persuade"]);
    for (const gym of ["persuade", "intention"]) expect(last.scoreByGym[gym]!).toBeGreaterThan(first.scoreByGym[gym]!);
    expect(last.meanScore).toBeGreaterThan(first.meanScore + 0.1);
    // Travel weights are untouched by these gyms' training.
    FEATURE_NAMES.forEach((n, i) => {
      if (!n.startsWith("persuade.") && !n.startsWith("intention.")) expect(weights[i]).toBe(0);
    });
    const again = await train(settings);
    expect(again.metrics.map((m) => ({ ...m, wallMs: 0 }))).toEqual(metrics.map((m) => ({ ...m, wallMs: 0 })));
    expect(Array.from(again.weights)).toEqual(Array.from(weights));
    const greedy = await evaluateGreedy(scenarios, weights, 2, 4);
    expect(greedy.meanScore).toBeGreaterThan(first.meanScore);
  }, 20_000);
});
