import { describe, expect, test } from "vitest";
import { persuadeMaxReturn } from "../../src/compiler/gyms/persuade/derive.js";
import { createEnv } from "../../src/runtime/environment.js";
import { BuiltinPersuadeSimulator } from "../../src/runtime/gyms/persuade/builtin-simulator.js";
import { createLlmPersuadeSimulator, ladderLabel } from "../../src/runtime/gyms/persuade/llm-simulator.js";
import { persuadeOraclePlan } from "../../src/runtime/gyms/persuade/plans.js";
import { PERSONA_PROMPT_START } from "../../src/runtime/gyms/persuade/prompts.js";
import { replies } from "../../src/runtime/gyms/persuade/replies.js";
import { createPersuadeSimulator } from "../../src/runtime/gyms/persuade/simulators.js";
import { ReplayMismatchError } from "../../src/runtime/replay-error.js";
import { gymRuntime } from "../../src/runtime/gyms/registry.js";
import { applyOverrides, OverrideError } from "../../src/runtime/overrides.js";
import { rescoreEpisode } from "../../src/runtime/rescore.js";
import { createRng } from "../../src/runtime/rng.js";
import { EpisodeOverError, type Judgement } from "../../src/runtime/types.js";
import { messagesOf, type FakeReply } from "../support/fake-openai.js";
import { fakeLlmPerTest } from "../support/fake-llm-per-test.js";
import { PERSUADE_EXPECTED, PERSUADE_IR, PERSUADE_REVERSED_EXPECTED, persuadeReversedScenario, persuadeScenario } from "../support/gym-fixtures.js";
import { expectMetricsReadOutcomeCounts, expectNullAndRandomAgents, expectOpeningsBySeed, expectOracleReachesMaxReturn, expectSimulatorSpecs, withoutSourceAndHash } from "../support/gym-runtime-checks.js";
import { playSteps, resetEnv } from "../support/play-episode.js";
import { replayEnv } from "../support/replay-episode.js";
import { expectBuiltinEpisodeRescores } from "../support/rescore-check.js";

const runtime = gymRuntime("persuade");
const LADDER = PERSUADE_IR.ladder;
const R1 = PERSUADE_IR.reasons[0]!;
const R2 = PERSUADE_IR.reasons[1]!;

const MENTORING = "[answer] Junior staff lose all their mentoring when everyone is at home.";
const LONELY = "[answer] Many people get lonely working alone all week.";
const HALLWAY = "[answer] The best ideas come from a hallway conversation.";
const BOTH = "[answer] Juniors miss mentoring, and lots of remote workers feel lonely.";
const NOTHING = "[answer] You should really reconsider your position.";

/** A "stance" judgement as a simulator would report it. */
function stance(label: string, touched: string[] = [], reply = `(reply at ${label})`, source: Judgement["source"] = "llm"): Judgement {
  return { kind: "stance", source, value: { stance: label, touched, reply } };
}

describe("persuade env: reset and choices", () => {
  test("the opening is one of the scenario's phrasings, chosen by seed; only answer and finish are enabled", async () => {
    const resets = await expectOpeningsBySeed(PERSUADE_IR, PERSUADE_IR.opening, { scenarioId: "remote_work", gym: "persuade", choices: ["answer", "finish"] });
    for (const reset of resets) expect(reset.observation).toMatchObject({ turn: 0, maxTurns: 20 });
  });

  test("a choice the gym does not enable, or unreadable output, is an invalid turn that still pays the step reward", async () => {
    const env = await resetEnv(persuadeScenario({ "rewards.step": "-0.01" }));
    const [search, action, junk] = await playSteps(env, ["[search] remote work studies", "[action] hello", "just text"]);
    expect(search!.info).toMatchObject({ action: null, invalid: "[search] is not available here; use [answer], [finish]", judgements: [] });
    expect(search!.observation.feedback).toBe(replies.invalid("[search] is not available here; use [answer], [finish]"));
    expect(action!.info.invalid).toMatch(/\[action\] is not available/);
    expect(junk!.info.invalid).toBe("no bracketed action found");
    for (const r of [search!, action!, junk!]) expect(r.reward).toBe(-0.01);
    expect(junk!.info.counters).toMatchObject({ invalidTurns: 3, arguments: 0 });
  });

  test("finish ends the episode with 0; stepping a finished (or never reset) episode throws", async () => {
    const env = await resetEnv(PERSUADE_IR);
    const done = await env.step("[finish]");
    expect(done).toMatchObject({ reward: 0, terminated: true, truncated: false });
    expect(done.observation.feedback).toBe(replies.finish);
    await expect(env.step(MENTORING)).rejects.toBeInstanceOf(EpisodeOverError);
    await expect(createEnv(PERSUADE_IR).step(MENTORING)).rejects.toBeInstanceOf(EpisodeOverError);
  });

  test("the episode is truncated at max_turns", async () => {
    const env = await resetEnv(persuadeScenario({ "knobs.max_turns": "2" }));
    const [first, second] = await playSteps(env, [NOTHING, NOTHING]);
    expect(first!.truncated).toBe(false);
    expect(second).toMatchObject({ truncated: true, terminated: false });
    expect(second!.observation.feedback.endsWith(`\n${replies.turnLimit}`)).toBe(true);
    await expect(env.step(NOTHING)).rejects.toBeInstanceOf(EpisodeOverError);
  });
});

describe("persuade env: the built-in persona", () => {
  test("an argument touching a reason moves the stance its levels toward the goal and pays progress per ladder length; the reply is that reason's", async () => {
    const env = await resetEnv(PERSUADE_IR);
    const r = await env.step(MENTORING);
    expect(r.reward).toBe(0.333333);
    expect(R1.replies).toContain(r.observation.feedback);
    expect(r.info.judgements).toEqual([{ kind: "stance", source: "builtin", value: { stance: "partly agree", touched: ["R1"], reply: r.observation.feedback } }]);
    expect(r.info.counters).toEqual({ turn: 1, stance: 2, stanceGain: 2, arguments: 1, touchedArguments: 1, invalidTurns: 0, simulatorFallbacks: 0 });
    // the agent hears the reply, never the stance
    expect(r.observation.feedback).not.toMatch(/agree/);
  });

  test("an argument touching no reason leaves the stance and answers with an unconvinced line quoting the claim", async () => {
    const env = await resetEnv(PERSUADE_IR);
    const r = await env.step(NOTHING);
    expect(r.reward).toBe(0);
    expect(r.info.judgements[0]!.value).toMatchObject({ stance: "strongly agree", touched: [] });
    expect(replies.unconvinced.map((line) => line(PERSUADE_IR.claim[0]!))).toContain(r.observation.feedback);
    expect(r.info.counters).toMatchObject({ stance: 0, stanceGain: 0, arguments: 1, touchedArguments: 0 });
  });

  test("arguing a reason again moves knobs.repeat_decay levels less each time, never below 0", async () => {
    const env = await resetEnv(PERSUADE_IR);
    const rs = await playSteps(env, [MENTORING, MENTORING, MENTORING]);
    expect(rs.map((r) => r.reward)).toEqual([0.333333, 0.166667, 0]);
    expect(rs.map((r) => r.info.counters.stance)).toEqual([2, 3, 3]);
    const noDecay = await resetEnv(persuadeScenario({ "knobs.repeat_decay": "0" }));
    expect((await playSteps(noDecay, [MENTORING, MENTORING])).map((r) => r.reward)).toEqual([0.333333, 0.333334]); // the rounded values of 2 and 4 levels: 0.333333, 0.666667
  });

  test("one argument may touch several reasons; reaching the goal ends the episode with score 1", async () => {
    const env = await resetEnv(PERSUADE_IR);
    const [both, last] = await playSteps(env, [BOTH, HALLWAY]);
    expect(both!.reward).toBe(0.666667);
    expect(both!.info.judgements[0]!.value).toMatchObject({ stance: "partly disagree", touched: ["R1", "R2"] });
    expect(R1.replies).toContain(both!.observation.feedback); // the first touched reason replies
    expect(last).toMatchObject({ reward: 0.333333, terminated: true, truncated: false });
    expect(last!.observation.feedback.endsWith(`\n${replies.goalReached}`)).toBe(true);
    expect(env.outcome!()).toEqual({
      score: 1,
      metrics: { goalLevels: 6, goalReached: 1, stanceGain: 6, successTurn: 2, arguments: 2, touchedArguments: 2 },
    });
  });

  test("the persona never moves past the goal (a goal short of the ladder's end) and moves toward lower labels when the goal lies there", async () => {
    const short = applyOverrides({ ...PERSUADE_IR, goal: 4, reasons: PERSUADE_IR.reasons.map((r) => ({ ...r, levels: 3 })) }, {});
    const env = await resetEnv(short);
    const [a, b] = await playSteps(env, [MENTORING, LONELY]);
    expect(a!.info.judgements[0]!.value.stance).toBe("neutral");
    expect(b!.info.judgements[0]!.value.stance).toBe("partly disagree");
    expect([a!.reward, b!.reward]).toEqual([0.5, 0.166667]);
    expect(b!.terminated).toBe(true);

    const reversed = persuadeReversedScenario();
    const back = await resetEnv(reversed);
    const [one] = await playSteps(back, [MENTORING]);
    expect(one!.info.judgements[0]!.value.stance).toBe("partly disagree");
    expect(one!.reward).toBe(0.166667);
  });

  test("rewards.step is added to every step and knobs.clip clips each step's reward", async () => {
    const penalised = await resetEnv(persuadeScenario({ "rewards.step": "-0.05" }));
    expect((await playSteps(penalised, [MENTORING, NOTHING, "[finish]"])).map((r) => r.reward)).toEqual([0.283333, -0.05, -0.05]);
    const clipped = await resetEnv(persuadeScenario({ "knobs.clip": "-1..0.25" }));
    expect((await playSteps(clipped, [BOTH])).map((r) => r.reward)).toEqual([0.25]);
  });

  test("showReward appends the step's reward to the feedback (training only)", async () => {
    const env = createEnv(PERSUADE_IR, { showReward: true });
    await env.reset({ seed: 1 });
    expect((await env.step(MENTORING)).observation.feedback).toMatch(/\nReward: 0\.333333$/);
  });

  test("reply picks are seeded: the same seed gives the same replies, and they come from the episode's user stream", async () => {
    const texts = async (seed: number) => (await playSteps(await resetEnv(PERSUADE_IR, undefined, seed), [MENTORING, NOTHING])).map((r) => r.observation.feedback);
    expect(await texts(5)).toEqual(await texts(5));
    const seen = new Set<string>();
    for (let seed = 0; seed < 16; seed++) seen.add((await texts(seed))[0]!);
    expect(seen.size).toBe(2);
    const direct = await new BuiltinPersuadeSimulator().respond({ scenario: PERSUADE_IR, argument: "mentoring", stance: 0, argued: new Map(), history: [], rng: createRng(1) });
    expect(direct.value.touched).toEqual(["R1"]);
  });
});

describe("persuade env: stances from any persona", () => {
  test("only progress beyond the best stance so far pays: swinging back and forth earns nothing", async () => {
    const { step } = await replayEnv(PERSUADE_IR);
    const rewards: number[] = [];
    for (const label of ["partly agree", "strongly agree", "partly agree", "neutral", "agree", "neutral", "partly disagree"]) rewards.push((await step("[answer] x", [stance(label)])).reward);
    expect(rewards).toEqual([0.333333, 0, 0, 0.166667, 0, 0, 0.166667]);
  });

  test("a stance past the goal counts as the goal; the return never exceeds progress × span / (ladder − 1)", async () => {
    const short = applyOverrides({ ...PERSUADE_IR, goal: 4, maxReturn: persuadeMaxReturn({ ...PERSUADE_IR, goal: 4 }) }, {});
    const { step, env } = await replayEnv(short);
    const r = await step("[answer] x", [stance("strongly disagree")]);
    expect(r).toMatchObject({ reward: 0.666667, terminated: true });
    expect(env.outcome!()).toMatchObject({ score: 1, metrics: { stanceGain: 4, goalReached: 1, successTurn: 1 } });
  });

  test("a fallback judgement leaves the stance and counts; its reply is shown, or the neutral reply when there is none", async () => {
    const { step, env } = await replayEnv(PERSUADE_IR);
    await step("[answer] a", [stance("neutral", ["R1"])]);
    const offLadder = await step("[answer] b", [{ kind: "stance", source: "fallback", value: { reply: "I'm wavering.", rejected: { stance: "kind of convinced" } }, fallbackReason: 'stance "kind of convinced" is not a label of the ladder' }]);
    expect(offLadder).toMatchObject({ reward: 0, terminated: false });
    expect(offLadder.observation.feedback).toBe("I'm wavering.");
    const failed = await step("[answer] c", [{ kind: "stance", source: "fallback", value: {}, fallbackReason: "HTTP 503" }]);
    expect(failed.observation.feedback).toBe(replies.neutral);
    expect(failed.info.counters).toMatchObject({ stance: 3, stanceGain: 3, arguments: 3, simulatorFallbacks: 2 });
    // judged arguments leave the fallbacks out
    expect(env.outcome!().metrics).toMatchObject({ arguments: 1, touchedArguments: 1 });
  });

  test("a judgement that does not fit (off-ladder stance, no reply, wrong kind) becomes a counted fallback instead of moving the stance", async () => {
    const { step } = await replayEnv(PERSUADE_IR);
    const off = await step("[answer] a", [stance("totally convinced")]);
    expect(off.info.judgements).toEqual([{ kind: "stance", source: "fallback", value: { rejected: { stance: "totally convinced", touched: [], reply: "(reply at totally convinced)" } }, fallbackReason: 'stance "totally convinced" is not a label of the ladder' }]);
    expect(off.observation.feedback).toBe(replies.neutral);
    const silent = await step("[answer] b", [{ kind: "stance", source: "llm", value: { stance: "neutral", reply: "  " } }]);
    expect(silent.info.judgements[0]!.fallbackReason).toBe("the persona gave no reply");
    expect(silent.info.counters).toMatchObject({ stance: 0, simulatorFallbacks: 2 });
  });

  test("touched ids are counted once each and unknown ones are ignored (repeat decay reads the counts)", async () => {
    const { step, env } = await replayEnv(PERSUADE_IR);
    await step("[answer] a", [stance("agree", ["R2", "R2", "R9"])]);
    expect(env.outcome!().metrics).toMatchObject({ touchedArguments: 1 });
  });

  test("a replay with too few or too many recorded judgements is a ReplayMismatchError, not a fallback", async () => {
    await expect(rescoreEpisode(PERSUADE_IR, 1, [MENTORING], [[]])).rejects.toBeInstanceOf(ReplayMismatchError);
    await expect(rescoreEpisode(PERSUADE_IR, 1, ["[finish]"], [[stance("agree")]])).rejects.toBeInstanceOf(ReplayMismatchError);
  });

  test("the recorded judgements re-score a built-in episode exactly, feedback included", async () => {
    const actions = [MENTORING, NOTHING, "[search] x", MENTORING, LONELY, HALLWAY];
    expect((await expectBuiltinEpisodeRescores(PERSUADE_IR, 9, actions)).terminated).toBe(true);
  });
});

describe("persuade runtime: plans, settings, prompts, metrics", () => {
  test("the oracle reaches maxReturn exactly with score 1, in both directions and under a step penalty or a clip", async () => {
    const cases = [persuadeScenario(), persuadeReversedScenario(), persuadeScenario({ "rewards.step": "-0.01" }), persuadeScenario({ "knobs.clip": "0..0.3", "rewards.progress": "2" })];
    await expectOracleReachesMaxReturn(cases);
    expect(persuadeScenario({ "rewards.step": "-0.01" }).maxReturn).toBe(0.97);
    expect(persuadeScenario({ "knobs.clip": "0..0.3", "rewards.progress": "2" }).maxReturn).toBe(0.9);
  });

  test("the oracle argues each reason alone, in id order, until the goal", () => {
    expect(persuadeOraclePlan(PERSUADE_IR)).toEqual([
      { choice: "answer", content: "mentoring" },
      { choice: "answer", content: "lonely" },
      { choice: "answer", content: "hallway" },
    ]);
  });

  test("the null agent earns nothing; the random agent is deterministic for a seed and varies across seeds", async () => {
    const random = await expectNullAndRandomAgents(PERSUADE_IR, 11);
    for (const turn of random.turns) expect(turn.invalid).toBeUndefined();
  });

  test("run-time overrides re-derive maxReturn with the compiler's formula; unrunnable clips are refused", () => {
    const scenario = persuadeScenario({ "rewards.progress": "0.5" });
    expect(scenario.maxReturn).toBe(0.5);
    expect(runtime.rederive(scenario)).toEqual({ ...scenario, maxReturn: persuadeMaxReturn(scenario) });
    expect(() => persuadeScenario({ "knobs.clip": "1..-1" })).toThrow(OverrideError);
    expect(() => persuadeScenario({ "knobs.clip": "0.1..1" })).toThrow(/pays every turn/);
    expect(() => persuadeScenario({ "rewards.step": "0.1" })).toThrow(/above the maximum 0/);
    expect(() => persuadeScenario({ "knobs.one_choice": "true" })).toThrow(/unknown setting 'knobs.one_choice' for persuade/);
  });

  test("the agent's system prompt states the claim, the goal and the two choices, and keeps the persona's reasons private", () => {
    const prompt = runtime.agentSystemPrompt(PERSUADE_IR);
    expect(prompt).toContain(PERSUADE_IR.claim[0]);
    expect(prompt).toContain('"strongly agree"');
    expect(prompt).toContain('"strongly disagree"');
    expect(prompt).toMatch(/- answer —/);
    expect(prompt).toMatch(/- finish —/);
    expect(prompt).not.toMatch(/\bsearch\b/);
    for (const reason of PERSUADE_IR.reasons) for (const cue of reason.cues) expect(prompt).not.toContain(cue);
    expect(prompt).not.toContain(PERSUADE_IR.believes[0]);
  });

  test("every metric reads counts the outcome provides", async () => {
    await expectMetricsReadOutcomeCounts(runtime, PERSUADE_IR);
    expect(runtime.metrics.map((m) => m.name)).toEqual(["successRate", "meanStanceGain", "turnsToSuccess", "touchRate"]);
  });

  test("simulator specs: builtin, openai:<model>, anything else is a spec error", () => {
    expectSimulatorSpecs(createPersuadeSimulator, ["oracle", "openai:"]);
  });

  test("the compiler lowers the fixtures' .ubench texts to exactly the IR this runtime was built against", () => {
    expect(withoutSourceAndHash(PERSUADE_IR)).toEqual(withoutSourceAndHash(PERSUADE_EXPECTED));
    expect(withoutSourceAndHash(persuadeReversedScenario())).toEqual(withoutSourceAndHash(PERSUADE_REVERSED_EXPECTED));
    expect(PERSUADE_IR.source.sha256).toBe(PERSUADE_EXPECTED.source.sha256);
  });
});

describe("persuade: the LLM persona (against a local fake server)", () => {
  const fake = fakeLlmPerTest({ timeoutMs: 500, maxRetries: 0 });
  async function persona(replies: FakeReply[]) {
    const client = await fake.client(replies);
    return createLlmPersuadeSimulator({ model: "persona", client, temperature: 0.7 });
  }
  const input = (argued = new Map<string, number>()) => ({ scenario: PERSUADE_IR, argument: "Juniors need mentoring.", stance: 1, argued, history: [], rng: createRng(3) });

  test("the reply and stance come from the JSON; labels are matched up to case and punctuation; named reasons are kept in id order", async () => {
    const sim = await persona([
      { kind: "text", content: '```json\n{"reply": "Hm, maybe.", "stance": "Partly_Agree", "reasons": ["r2", "R1", "R7"]}\n```' },
      { kind: "text", content: 'Sure: {"reply": "\\"Fine.\\"", "stance": 4}' },
    ]);
    expect(await sim.respond(input())).toEqual({ kind: "stance", source: "llm", value: { stance: "partly agree", touched: ["R1", "R2"], reply: "Hm, maybe." } });
    expect(await sim.respond(input())).toEqual({ kind: "stance", source: "llm", value: { stance: "neutral", touched: [], reply: "Fine." } });
  });

  test("the request carries the private brief (claim, belief, reasons, ladder, current stance) and the argument; it samples with a seed", async () => {
    const sim = await persona([{ kind: "text", content: '{"reply": "ok", "stance": "agree"}' }]);
    await sim.respond(input());
    const body = fake.server.requests[0]!.body;
    const [system, user] = messagesOf(body);
    expect(system!.content).toMatch(new RegExp(`^${PERSONA_PROMPT_START}`));
    for (const text of [PERSUADE_IR.claim[0]!, PERSUADE_IR.believes[0]!, R1.about, R2.about, '"mentoring"', 'Your stance right now: "agree".', '7. "strongly disagree"']) expect(system!.content).toContain(text);
    expect(user!.content).toContain('They now say: "Juniors need mentoring."');
    expect(body).toMatchObject({ model: "persona", temperature: 0.7, max_tokens: 300 });
    expect(typeof body["seed"]).toBe("number");
  });

  test("an off-ladder or missing stance is a fallback that keeps the reply; a failed call or unreadable reply is a fallback without one", async () => {
    const sim = await persona([
      { kind: "text", content: '{"reply": "You have a point.", "stance": "somewhat convinced"}' },
      { kind: "text", content: '{"reply": "Hmm."}' },
      { kind: "text", content: "I think I partly agree now." },
      { kind: "text", content: '{"reply": "", "stance": "agree"}' },
      { kind: "status", status: 500 },
    ]);
    expect(await sim.respond(input())).toEqual({ kind: "stance", source: "fallback", value: { reply: "You have a point.", rejected: { stance: "somewhat convinced" } }, fallbackReason: 'stance "somewhat convinced" is not a label of the ladder' });
    expect(await sim.respond(input())).toEqual({ kind: "stance", source: "fallback", value: { reply: "Hmm.", rejected: { stance: null } }, fallbackReason: "the reply gives no stance" });
    expect(await sim.respond(input())).toEqual({ kind: "stance", source: "fallback", value: {}, fallbackReason: "no JSON object in the reply" });
    expect((await sim.respond(input())).fallbackReason).toBe("the persona's reply is empty");
    expect(await sim.respond(input())).toMatchObject({ kind: "stance", source: "fallback", value: {}, fallbackReason: expect.stringContaining("HTTP 500") });
  });

  test("ladderLabel accepts exact labels, folded labels and 1-based positions only", () => {
    expect(ladderLabel(PERSUADE_IR, "neutral")).toBe("neutral");
    expect(ladderLabel(PERSUADE_IR, " STRONGLY-disagree. ")).toBe("strongly disagree");
    expect(ladderLabel(PERSUADE_IR, 1)).toBe("strongly agree");
    expect(ladderLabel(PERSUADE_IR, 0)).toBeUndefined();
    expect(ladderLabel(PERSUADE_IR, 8)).toBeUndefined();
    expect(ladderLabel(PERSUADE_IR, "disagreeish")).toBeUndefined();
    expect(LADDER).toHaveLength(7);
  });
});
