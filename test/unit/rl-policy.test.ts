import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { TravelScenario } from "../../src/compiler/gyms/travel/ir.js";
import { loadScenarios } from "../../src/runs/scenarios.js";
import { createPolicyAgent } from "../../src/runtime/agents/policy-agent.js";
import { AgentSpecError, createAgent } from "../../src/runtime/agents/registry.js";
import { runtimeFor } from "../../src/runtime/gyms/registry.js";
import { FEATURE_INDEX, FEATURE_NAMES } from "../../src/runtime/policy/features.js";
import { greedyIndex, initialWeights, logSoftmax, PolicyFileError, policyFile, sampleIndex, weightsFromFile } from "../../src/runtime/policy/softmax.js";
import { TravelActSpace } from "../../src/runtime/policy/travel.js";
import { createRng } from "../../src/runtime/rng.js";
import { runEpisode } from "../../src/runtime/rollout.js";

const austin = loadScenarios(["scenarios/travel/austin_family.ubench"]).scenarios[0] as TravelScenario;

function play(weights: Float64Array, sample: boolean, seed: number) {
  const runtime = runtimeFor(austin);
  return runEpisode({ env: runtime.createEnv(austin, {}), agent: createPolicyAgent(weights, { sample }), scenario: austin, seed, trial: 0, user: "builtin", systemPrompt: "" });
}

/** Hand-set weights of a sensible policy: search, ask open fields, answer the best known option once settled. */
function handWeights(): Float64Array {
  const w = initialWeights();
  const set = (name: string, v: number) => (w[FEATURE_INDEX.get(name)!] = v);
  set("type.search", 10);
  set("ask.field_open", 5);
  set("ask.aspect_searched", 2);
  set("ask.field_closed", -10);
  set("answer.best_known_settled", 20);
  set("type.answer", -20);
  set("type.finish", -30);
  return w;
}

describe("softmax forward pass", () => {
  test("log-probabilities are normalised and follow θ·φ", () => {
    const w = Float64Array.from([1, -2, 0.5]);
    const features = [Float64Array.from([1, 0, 0]), Float64Array.from([0, 1, 0]), Float64Array.from([1, 1, 2])];
    const lp = logSoftmax(w, features);
    expect([...lp].reduce((s, x) => s + Math.exp(x), 0)).toBeCloseTo(1, 12);
    expect(lp[0]! - lp[1]!).toBeCloseTo(3, 12);
    expect(lp[2]! - lp[0]!).toBeCloseTo(-1, 12);
    expect(greedyIndex(lp)).toBe(0);
  });

  test("huge logits stay finite; sampling is seeded", () => {
    const lp = logSoftmax(Float64Array.from([1000]), [Float64Array.from([1]), Float64Array.from([0])]);
    expect(Number.isFinite(lp[1]!)).toBe(true);
    expect(Math.exp(lp[0]!)).toBeCloseTo(1, 12);
    const uniform = logSoftmax(Float64Array.from([0]), [Float64Array.from([1]), Float64Array.from([0]), Float64Array.from([3])]);
    const draws = (seed: number) => Array.from({ length: 20 }, ((rng) => () => sampleIndex(uniform, rng))(createRng(seed)));
    expect(draws(7)).toEqual(draws(7));
    expect(new Set(draws(7)).size).toBe(3);
  });
});

describe("policy files", () => {
  test("round trip, and clear errors naming the problem", () => {
    const w = handWeights();
    const file = JSON.parse(JSON.stringify(policyFile(w, { note: "x" })));
    expect(file.features).toEqual([...FEATURE_NAMES]);
    expect([...weightsFromFile(file)]).toEqual([...w]);
    expect(() => weightsFromFile({ ...file, format: "other" })).toThrow(/format must be/);
    expect(() => weightsFromFile({ ...file, features: ["nope", ...file.features.slice(1)] })).toThrow(/unknown feature 'nope'/);
    expect(() => weightsFromFile({ ...file, weights: file.weights.slice(1) })).toThrow(PolicyFileError);
    expect(() => weightsFromFile([])).toThrow(/JSON object/);
  });

  test("--agent policy:<path> loads a policy file; a missing or broken one is an AgentSpecError", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ubc-policy-"));
    const path = join(dir, "policy.json");
    writeFileSync(path, JSON.stringify(policyFile(handWeights())));
    const agent = createAgent(`policy:${path}`);
    expect(agent.spec).toBe(`policy:${path}`);
    const record = await runEpisode({ env: runtimeFor(austin).createEnv(austin, {}), agent, scenario: austin, seed: 3, trial: 0, user: "builtin", systemPrompt: "" });
    expect(record.score).toBe(1);
    expect(() => createAgent(`policy:${join(dir, "missing.json")}`)).toThrow(AgentSpecError);
    writeFileSync(join(dir, "bad.json"), "{");
    expect(() => createAgent(`policy:${join(dir, "bad.json")}`)).toThrow(/not valid JSON/);
  });
});

describe("travel act space", () => {
  test("opening acts: a search per aspect, questions about every non-label field, finish; no answers before a search", () => {
    const space = new TravelActSpace(austin);
    space.observe({ feedback: "hello", turn: 0, maxTurns: 20 });
    const acts = space.candidatesWithFeatures().map((c) => c.action);
    expect(acts.filter((a) => a.choice === "search")).toHaveLength(2);
    expect(acts.filter((a) => a.choice === "answer")).toHaveLength(0);
    expect(acts.filter((a) => a.choice === "finish")).toHaveLength(1);
    const questions = acts.filter((a) => a.choice === "action").map((a) => a.content);
    expect(questions).toContain("For the apartment, is there anything about amenities that matters to you?");
    expect(questions.some((q) => / name /.test(q))).toBe(false);
  });

  test("features track the feedback: a revealed preference makes only fitting options candidates", async () => {
    const space = new TravelActSpace(austin);
    space.observe({ feedback: "hi", turn: 0, maxTurns: 20 });
    const find = (pred: (c: ReturnType<TravelActSpace["candidatesWithFeatures"]>[number]) => boolean) => space.candidatesWithFeatures().find(pred)!;
    find((c) => c.action.choice === "search" && c.action.content.startsWith("apartment")).commit();
    const env = runtimeFor(austin).createEnv(austin, {});
    await env.reset({ seed: 1 });
    const searched = await env.step(find((c) => c.action.choice === "search" && c.action.content.startsWith("apartment")).action);
    space.observe(searched.observation);
    const answers = space.candidatesWithFeatures().filter((c) => c.action.choice === "answer");
    expect(answers).toHaveLength(8);
    const bestKnown = answers.filter((c) => c.features[FEATURE_INDEX.get("answer.best_known")!] === 1).map((c) => c.action.content);
    expect(bestKnown).toEqual(["A7"]); // the cheapest, nothing known yet
    const ask = find((c) => c.action.content.includes("amenities"));
    ask.commit();
    const washer = austin.aspects[0]!.preferences.find((p) => p.id === "P1")!;
    space.observe({ feedback: washer.hints[0]!, turn: 2, maxTurns: 20 });
    const after = space.candidatesWithFeatures().filter((c) => c.action.choice === "answer");
    const best = after.find((c) => c.features[FEATURE_INDEX.get("answer.best_known")!] === 1)!;
    expect(best.action.content).toBe("A3"); // the cheapest with a washer
    expect(after.find((c) => c.action.content === "A7")!.features[FEATURE_INDEX.get("answer.violates_known")!]).toBe(1);
  });

  test("a hand-set policy solves the scenario; the untrained policy is uniform and seeded", async () => {
    expect((await play(handWeights(), false, 5)).score).toBe(1);
    const a = await play(initialWeights(), true, 11);
    const b = await play(initialWeights(), true, 11);
    expect(a.turns.map((t) => t.raw)).toEqual(b.turns.map((t) => t.raw));
    expect(a.turns.every((t) => t.invalid === undefined && t.outputTokens === 1)).toBe(true);
  });

  test("gyms without acts: the episode ends in an agent error, not a crash", async () => {
    const persuade = loadScenarios(["scenarios/persuade/ai_essays.ubench"]).scenarios[0]!;
    const runtime = runtimeFor(persuade);
    // Every gym has acts now; a scenario of an unknown gym stands for a future one.
    const unknown = { ...persuade, gym: "debate" } as unknown as typeof persuade;
    const record = await runEpisode({ env: runtime.createEnv(persuade, {}), agent: createPolicyAgent(initialWeights()), scenario: unknown, seed: 1, trial: 0, user: "builtin", systemPrompt: "" });
    expect(record.status).toBe("error");
    expect(record.error).toMatch(/no acts for gym 'debate'/);
  });
});
