import { describe, expect, test } from "vitest";
import { intentionMaxReturn } from "../../src/compiler/gyms/intention/derive.js";
import { createEnv } from "../../src/runtime/environment.js";
import { createLlmIntentionSimulator } from "../../src/runtime/gyms/intention/llm-simulator.js";
import { intentionOraclePlan } from "../../src/runtime/gyms/intention/plans.js";
import { JUDGE_PROMPT_START, PERSONA_PROMPT_START } from "../../src/runtime/gyms/intention/prompts.js";
import { replies } from "../../src/runtime/gyms/intention/replies.js";
import { createIntentionSimulator } from "../../src/runtime/gyms/intention/simulators.js";
import { gymRuntime } from "../../src/runtime/gyms/registry.js";
import { ReplayMismatchError } from "../../src/runtime/replay-error.js";
import { OverrideError } from "../../src/runtime/overrides.js";
import { rescoreEpisode } from "../../src/runtime/rescore.js";
import { createRng } from "../../src/runtime/rng.js";
import { EpisodeOverError, type Judgement } from "../../src/runtime/types.js";
import { lastMessage, messagesOf, type FakeReply } from "../support/fake-openai.js";
import { fakeLlmPerTest } from "../support/fake-llm-per-test.js";
import { INTENTION_EXPECTED, INTENTION_IR, intentionScenario } from "../support/gym-fixtures.js";
import { expectMetricsReadOutcomeCounts, expectNullAndRandomAgents, expectOpeningsBySeed, expectOracleReachesMaxReturn, expectSimulatorSpecs, withoutSourceAndHash } from "../support/gym-runtime-checks.js";
import { playSteps, resetEnv } from "../support/play-episode.js";
import { replayEnv } from "../support/replay-episode.js";
import { expectBuiltinEpisodeRescores } from "../support/rescore-check.js";

const runtime = gymRuntime("intention");
const [DURATION, BUDGET, INTERESTS, LODGING] = INTENTION_IR.details;

const ASK_DURATION = "[action] How long will you stay in Paris?";
const ASK_BUDGET = "[action] What is your budget for the trip?";
const ASK_INTERESTS = "[action] Which sights or activities interest you most?";
const ASK_LODGING = "[action] Would you rather book a hotel or an apartment?";
const ASK_TWO = "[action] How long will you stay, and what is your budget?";
const ON_TASK_NOTHING = "[action] Is this your first trip to Paris?";
const OFF_TASK = "[action] How is your day going?";

function coverage(covered: string[], onTask = true, source: Judgement["source"] = "llm"): Judgement {
  return { kind: "coverage", source, value: { onTask, covered } };
}
function said(text: string, source: Judgement["source"] = "llm"): Judgement {
  return { kind: "reply", source, value: { text } };
}

/** The answer the user has in mind for a detail in the episode (read from the built-in reply). */
function answerIn(feedback: string, about: string): string | undefined {
  const prefix = `As for ${about[0]!.toLowerCase()}${about.slice(1)}: `;
  const at = feedback.indexOf(prefix);
  return at < 0 ? undefined : feedback.slice(at + prefix.length).split(/\.(?: |$)/)[0];
}

describe("intention env: reset and choices", () => {
  test("the opening is one of the task's phrasings, chosen by seed; only action and finish are enabled", async () => {
    await expectOpeningsBySeed(INTENTION_IR, INTENTION_IR.task, { scenarioId: "paris_trip", gym: "intention", choices: ["action", "finish"] });
  });

  test("choices the gym does not enable are invalid turns; finish ends with 0; a finished episode cannot be stepped", async () => {
    const env = await resetEnv(intentionScenario({ "rewards.step": "-0.01" }));
    const [answer, search, done] = await playSteps(env, ["[answer] a week", "[search] Paris hotels", "[finish]"]);
    expect(answer!.info).toMatchObject({ action: null, invalid: "[answer] is not available here; use [action], [finish]" });
    expect(answer!.observation.feedback).toBe(replies.invalid("[answer] is not available here; use [action], [finish]"));
    expect(search!.info.invalid).toMatch(/\[search\] is not available/);
    expect([answer!.reward, search!.reward, done!.reward]).toEqual([-0.01, -0.01, -0.01]);
    expect(done).toMatchObject({ terminated: true });
    expect(done!.observation.feedback).toBe(replies.finish);
    expect(done!.info.counters).toMatchObject({ invalidTurns: 2, questions: 0 });
    await expect(env.step(ASK_DURATION)).rejects.toBeInstanceOf(EpisodeOverError);
    await expect(createEnv(INTENTION_IR).step(ASK_DURATION)).rejects.toBeInstanceOf(EpisodeOverError);
  });

  test("the episode is truncated at max_turns", async () => {
    const env = await resetEnv(intentionScenario({ "knobs.max_turns": "1" }));
    const r = await env.step(OFF_TASK);
    expect(r).toMatchObject({ terminated: false, truncated: true });
    expect(r.observation.feedback).toBe(`${replies.offTask}\n${replies.turnLimit}`);
  });
});

describe("intention env: the built-in user and judge", () => {
  test("a question for one detail pays its importance's reward; the user answers with what it has in mind this episode", async () => {
    const env = await resetEnv(INTENTION_IR);
    const r = await env.step(ASK_DURATION);
    expect(r.reward).toBe(1);
    const answer = answerIn(r.observation.feedback, DURATION!.about);
    expect(DURATION!.answers).toContain(answer);
    expect(r.info.judgements).toEqual([
      { kind: "coverage", source: "builtin", value: { onTask: true, covered: ["D1"] } },
      { kind: "reply", source: "builtin", value: { text: r.observation.feedback } },
    ]);
    expect(r.info.counters).toEqual({ turn: 1, questions: 1, onTaskQuestions: 1, coveredDetails: 1, coveredWeight: 3, coveredHigh: 1, invalidTurns: 0, simulatorFallbacks: 0 });
  });

  test("medium and low details pay their rewards; a detail without answers gets an undecided reply", async () => {
    const env = await resetEnv(INTENTION_IR);
    const [budget, lodging] = await playSteps(env, [ASK_BUDGET, ASK_LODGING]);
    expect(budget!.reward).toBe(0.7);
    expect(BUDGET!.answers).toContain(answerIn(budget!.observation.feedback, BUDGET!.about));
    expect(lodging!.reward).toBe(0.4);
    expect(lodging!.observation.feedback).toBe(replies.undecided(LODGING!.about));
  });

  test("one question covering two details pays the higher reward less rewards.extra, and the reply answers both", async () => {
    const env = await resetEnv(INTENTION_IR);
    const r = await env.step(ASK_TWO);
    expect(r.info.judgements[0]!.value).toEqual({ onTask: true, covered: ["D1", "D2"] });
    expect(r.reward).toBe(0.8);
    expect(answerIn(r.observation.feedback, DURATION!.about)).toBeDefined();
    expect(answerIn(r.observation.feedback, BUDGET!.about)).toBeDefined();
    const harsh = await resetEnv(intentionScenario({ "rewards.extra": "0.6" }));
    expect((await harsh.step("[action] For how long, on what budget, and which sights?")).reward).toBe(0);
  });

  test("a detail counts once: asking again earns 0 and a non-committal reply that lists nothing", async () => {
    const env = await resetEnv(INTENTION_IR);
    const [, again, nothing] = await playSteps(env, [ASK_DURATION, ASK_DURATION, ON_TASK_NOTHING]);
    for (const r of [again!, nothing!]) {
      expect(r.reward).toBe(0);
      expect(r.info.judgements[0]!.value).toEqual({ onTask: true, covered: [] });
      expect(replies.noncommittal).toContain(r.observation.feedback);
    }
    expect(nothing!.info.counters).toMatchObject({ questions: 3, onTaskQuestions: 3, coveredDetails: 1 });
  });

  test("an off-task question gets the polite redirect and is not on task", async () => {
    const env = await resetEnv(INTENTION_IR);
    const r = await env.step(OFF_TASK);
    expect(r).toMatchObject({ reward: 0, terminated: false });
    expect(r.observation.feedback).toBe(replies.offTask);
    expect(r.info.counters).toMatchObject({ questions: 1, onTaskQuestions: 0 });
  });

  test("covering every detail ends the episode with score 1 and the weighted counts", async () => {
    const env = await resetEnv(INTENTION_IR);
    const rs = await playSteps(env, [ASK_INTERESTS, OFF_TASK, ASK_TWO, ASK_LODGING]);
    expect(rs.map((r) => r.reward)).toEqual([1, 0, 0.8, 0.4]);
    expect(rs.at(-1)).toMatchObject({ terminated: true, truncated: false });
    expect(rs.at(-1)!.observation.feedback.endsWith(`\n${replies.allCovered}`)).toBe(true);
    expect(env.outcome!()).toEqual({
      score: 1,
      metrics: { details: 4, coveredDetails: 4, weightTotal: 9, coveredWeight: 9, highDetails: 2, coveredHigh: 2, questions: 4, onTaskQuestions: 3 },
    });
  });

  test("rewards.step is added to every step and knobs.clip clips each step's reward", async () => {
    const env = await resetEnv(intentionScenario({ "rewards.step": "-0.05", "knobs.clip": "-1..0.9" }));
    expect((await playSteps(env, [ASK_DURATION, ASK_BUDGET, OFF_TASK])).map((r) => r.reward)).toEqual([0.9, 0.65, -0.05]);
  });

  test("what the user has in mind is fixed per episode by the seed", async () => {
    const answers = async (seed: number) => {
      const rs = await playSteps(await resetEnv(INTENTION_IR, undefined, seed), [ASK_DURATION, ASK_INTERESTS]);
      return [answerIn(rs[0]!.observation.feedback, DURATION!.about), answerIn(rs[1]!.observation.feedback, INTERESTS!.about)];
    };
    expect(await answers(4)).toEqual(await answers(4));
    const seen = new Set<string>();
    for (let seed = 0; seed < 16; seed++) seen.add((await answers(seed)).join("|"));
    expect(seen.size).toBeGreaterThan(2);
  });
});

describe("intention env: judgements from any judge", () => {
  test("a detail named twice in one judgement, or again later, counts once; ids not remaining are ignored", async () => {
    const { step, env } = await replayEnv(INTENTION_IR);
    const first = await step("[action] q1", [coverage(["D1", "D1", "D9"]), said("A week.")]);
    expect(first.reward).toBe(1);
    const again = await step("[action] q2", [coverage(["D1", "D2", "D2"]), said("Mid-range.")]);
    expect(again.reward).toBe(0.7);
    const stale = await step("[action] q3", [coverage(["D2", "D1"]), said("As I said.")]);
    expect(stale.reward).toBe(0);
    expect(env.outcome!().metrics).toMatchObject({ coveredDetails: 2, coveredWeight: 5, questions: 3 });
  });

  test("a question that covers a detail is on task whatever the judge said about it", async () => {
    const { step, env } = await replayEnv(INTENTION_IR);
    await step("[action] q", [coverage(["D4"], false), said("No idea yet.")]);
    expect(env.outcome!().metrics).toMatchObject({ onTaskQuestions: 1, coveredDetails: 1 });
  });

  test("a fallback judgement, a fallen-back reply or a malformed judgement covers nothing, answers neutrally and is counted", async () => {
    const { step, env } = await replayEnv(INTENTION_IR);
    const judgeDown = await step("[action] a", [{ kind: "coverage", source: "fallback", value: { onTask: false, covered: [] }, fallbackReason: "HTTP 503" }]);
    const personaDown = await step("[action] b", [coverage(["D1"]), { kind: "reply", source: "fallback", value: { text: "" }, fallbackReason: "timeout" }]);
    const malformed = await step("[action] c", [{ kind: "coverage", source: "llm", value: { onTask: "yes", covered: ["D2"] } }]);
    for (const r of [judgeDown, personaDown, malformed]) {
      expect(r.reward).toBe(0);
      expect(r.observation.feedback).toBe(replies.neutral);
    }
    expect(malformed.info.judgements[0]).toMatchObject({ source: "fallback", fallbackReason: "'onTask' is not true or false" });
    expect(malformed.info.counters).toMatchObject({ coveredDetails: 0, simulatorFallbacks: 3, questions: 3 });
    expect(env.outcome!().metrics).toMatchObject({ questions: 0, onTaskQuestions: 0 });
  });

  test("a replay with missing, extra or out-of-order recorded judgements is a ReplayMismatchError", async () => {
    await expect(rescoreEpisode(INTENTION_IR, 1, [ASK_DURATION], [[coverage(["D1"])]])).rejects.toBeInstanceOf(ReplayMismatchError);
    await expect(rescoreEpisode(INTENTION_IR, 1, [ASK_DURATION], [[said("x"), coverage(["D1"])]])).rejects.toBeInstanceOf(ReplayMismatchError);
    await expect(rescoreEpisode(INTENTION_IR, 1, ["[finish]"], [[coverage([])]])).rejects.toBeInstanceOf(ReplayMismatchError);
  });

  test("the recorded judgements re-score a built-in episode exactly, feedback included", async () => {
    const actions = [ASK_DURATION, OFF_TASK, "[answer] x", ASK_TWO, ASK_DURATION, ASK_INTERESTS, ASK_LODGING];
    expect((await expectBuiltinEpisodeRescores(INTENTION_IR, 6, actions)).terminated).toBe(true);
  });
});

describe("intention runtime: plans, settings, prompts, metrics", () => {
  test("the oracle reaches maxReturn exactly with score 1, also under a step penalty or a clip", async () => {
    const cases = [intentionScenario(), intentionScenario({ "rewards.step": "-0.01" }), intentionScenario({ "knobs.clip": "-1..0.5" })];
    await expectOracleReachesMaxReturn(cases);
    expect(cases.map((s) => s.maxReturn)).toEqual([3.1, 3.06, 1.9]);
  });

  test("the oracle asks each detail's own question, high importance first", () => {
    expect(intentionOraclePlan(INTENTION_IR).map((a) => a.content)).toEqual([DURATION!.asks[0], INTERESTS!.asks[0], BUDGET!.asks[0], LODGING!.asks[0]]);
  });

  test("the null agent earns nothing; the random agent is deterministic for a seed", async () => {
    await expectNullAndRandomAgents(INTENTION_IR, 7);
  });

  test("run-time overrides re-derive maxReturn with the compiler's formula; unrunnable clips are refused", () => {
    const scenario = intentionScenario({ "rewards.high": "2" });
    expect(scenario.maxReturn).toBe(5.1);
    expect(runtime.rederive(scenario)).toEqual({ ...scenario, maxReturn: intentionMaxReturn(scenario) });
    expect(() => intentionScenario({ "knobs.clip": "0.5..0.1" })).toThrow(OverrideError);
    expect(() => intentionScenario({ "knobs.clip": "0.1..1" })).toThrow(/pays every turn/);
    expect(() => intentionScenario({ "rewards.elicit": "1" })).toThrow(/unknown setting 'rewards.elicit' for intention/);
  });

  test("the agent's system prompt gives the category and the two choices, never the missing details", () => {
    const prompt = runtime.agentSystemPrompt(INTENTION_IR);
    expect(prompt).toContain(INTENTION_IR.category);
    expect(prompt).toMatch(/- action —/);
    expect(prompt).toMatch(/- finish —/);
    for (const d of INTENTION_IR.details) {
      expect(prompt).not.toContain(d.about);
      for (const answer of d.answers) expect(prompt).not.toContain(answer);
    }
  });

  test("every metric reads counts the outcome provides", async () => {
    await expectMetricsReadOutcomeCounts(runtime, INTENTION_IR);
    expect(runtime.metrics.map((m) => m.name)).toEqual(["coverage", "weightedCoverage", "highCoverage", "onTaskRate"]);
  });

  test("simulator specs: builtin, openai:<model>, anything else is a spec error", () => {
    expectSimulatorSpecs(createIntentionSimulator, ["gpt"]);
  });

  test("the compiler lowers the fixture's .ubench text to exactly the IR this runtime was built against", () => {
    expect(withoutSourceAndHash(INTENTION_IR)).toEqual(withoutSourceAndHash(INTENTION_EXPECTED));
  });
});

describe("intention: the LLM user and judge (against a local fake server)", () => {
  const fake = fakeLlmPerTest({ timeoutMs: 500, maxRetries: 0 });
  async function simulator(replies: FakeReply[]) {
    const client = await fake.client(replies);
    return createLlmIntentionSimulator({ model: "user", client, temperature: 0.8 });
  }
  const remaining = INTENTION_IR.details.slice(1);
  const question = { scenario: INTENTION_IR, question: "How much will you spend, and where do you stay?", remaining, history: [] };
  const intent = new Map(INTENTION_IR.details.map((d) => [d.id, d.answers[0] ?? null]));

  test("the judge's JSON is read tolerantly: ids deduplicated, case-folded or numeric; ids not remaining are dropped and kept as `ignored`", async () => {
    const sim = await simulator([
      { kind: "text", content: '```json\n{"on_task": true, "covered": ["D2", "d2", 4, "D1", "D7"]}\n```' },
      { kind: "text", content: 'Verdict: {"on_task": "no", "covered": []}' },
      { kind: "text", content: '{"covered": ["D3"]}' },
    ]);
    expect(await sim.judgeQuestion(question)).toEqual({ kind: "coverage", source: "llm", value: { onTask: true, covered: ["D2", "D4"], ignored: ["D1", "D7"] } });
    expect(await sim.judgeQuestion(question)).toEqual({ kind: "coverage", source: "llm", value: { onTask: false, covered: [] } });
    expect(await sim.judgeQuestion(question)).toEqual({ kind: "coverage", source: "llm", value: { onTask: true, covered: ["D3"] } });
  });

  test("the judge sees the remaining details and the question, at temperature 0", async () => {
    const sim = await simulator([{ kind: "text", content: '{"on_task": true, "covered": []}' }]);
    await sim.judgeQuestion(question);
    const body = fake.server.requests[0]!.body;
    const prompt = lastMessage(body);
    expect(prompt.startsWith(JUDGE_PROMPT_START)).toBe(true);
    expect(prompt).toContain(`- D2: ${BUDGET!.about}`);
    expect(prompt).not.toContain(`D1: ${DURATION!.about}`);
    expect(prompt).toContain(JSON.stringify(question.question));
    expect(body["temperature"]).toBe(0);
    expect(body["seed"]).toBeUndefined();
  });

  test("the persona knows the episode's intent and is told which details the question asks for", async () => {
    const sim = await simulator([{ kind: "text", content: 'User: "Around 2000 euros, I think."' }]);
    const reply = await sim.reply({ ...question, covered: [BUDGET!], onTask: true, intent, rng: createRng(2) });
    expect(reply).toEqual({ text: "Around 2000 euros, I think.", source: "llm" });
    const body = fake.server.requests[0]!.body;
    const [system, user] = messagesOf(body);
    expect(system!.content!.startsWith(PERSONA_PROMPT_START)).toBe(true);
    expect(system!.content).toContain(`${INTERESTS!.about}: ${INTERESTS!.answers[0]}`);
    expect(system!.content).toContain(`${LODGING!.about}: you have not decided`);
    expect(system!.content).toContain(INTENTION_IR.context![0]);
    expect(user!.content).toContain(`This question asks about:\n- ${BUDGET!.about}: ${BUDGET!.answers[0]}`);
    expect(body).toMatchObject({ temperature: 0.8 });
    expect(typeof body["seed"]).toBe("number");
  });

  test("failures: a failed or unreadable judge call is a fallback covering nothing; a failed or empty persona reply is a fallback", async () => {
    const sim = await simulator([{ kind: "status", status: 503 }, { kind: "text", content: "it covers the budget" }, { kind: "text", content: '{"on_task": 3}' }, { kind: "status", status: 500 }, { kind: "text", content: "<think>hmm</think>" }]);
    const neutral = { kind: "coverage", source: "fallback", value: { onTask: false, covered: [] } };
    expect(await sim.judgeQuestion(question)).toMatchObject({ ...neutral, fallbackReason: expect.stringContaining("HTTP 503") });
    expect(await sim.judgeQuestion(question)).toEqual({ ...neutral, fallbackReason: "no JSON object in the reply" });
    expect(await sim.judgeQuestion(question)).toMatchObject({ ...neutral, fallbackReason: expect.stringMatching(/^JSON does not fit/) });
    const input = { ...question, covered: [], onTask: false, intent, rng: createRng(1) };
    expect(await sim.reply(input)).toMatchObject({ text: "", source: "fallback", fallbackReason: expect.stringContaining("HTTP 500") });
    expect(await sim.reply(input)).toEqual({ text: "", source: "fallback", fallbackReason: "empty reply" });
  });
});
