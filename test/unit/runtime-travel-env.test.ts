import { describe, expect, test } from "vitest";
import { createEnv } from "../../src/runtime/environment.js";
import { BuiltinTravelSimulator } from "../../src/runtime/gyms/travel/builtin-simulator.js";
import { replies } from "../../src/runtime/gyms/travel/replies.js";
import type { TravelSimulator } from "../../src/runtime/gyms/travel/simulator.js";
import { EpisodeOverError, type Judgement } from "../../src/runtime/types.js";
import { austinEnv, austinScenario, SEARCH_APARTMENT, SEARCH_CAR, steps } from "./runtime-fixtures.js";

const ASK_LAUNDRY = "[action] For the apartment, do you need laundry?";
const ASK_REVIEWS = "[action] Do reviews matter for the apartment?";
const VAGUE = "[action] Any wishes for the apartment?";
const ABSENT = "[action] How many bedrooms do you need?";
const UNRELATED = "[action] Lovely weather today.";

describe("travel env: reset", () => {
  test("the opening is one of the scenario's phrasings, chosen by seed; all four choices are enabled", async () => {
    const scenario = austinScenario();
    const seen = new Set<string>();
    for (let seed = 0; seed < 12; seed++) {
      const reset = await createEnv(scenario).reset({ seed });
      expect(scenario.opening).toContain(reset.observation.feedback);
      expect(reset.observation).toMatchObject({ turn: 0, maxTurns: 20 });
      expect(reset.info).toEqual({ scenarioId: "austin_family", gym: "travel", seed, choices: ["search", "action", "answer", "finish"] });
      seen.add(reset.observation.feedback);
    }
    expect(seen.size).toBe(2);
    const again = await createEnv(scenario).reset({ seed: 5 });
    expect(again.observation.feedback).toBe((await createEnv(scenario).reset({ seed: 5 })).observation.feedback);
  });
});

describe("travel env: search", () => {
  test("the first matching search pays rewards.search and shows the whole catalogue with its fields, never the roles", async () => {
    const { env, scenario } = await austinEnv();
    const r = await env.step(SEARCH_APARTMENT);
    expect(r.reward).toBe(0.2);
    expect(r.observation.feedback).toContain("Fields: name (text), rooms (text), capacity (number), cost (number), rating (number), amenities (list of text).");
    for (const option of scenario.aspects[0]!.options) expect(r.observation.feedback).toContain(`${option.id} | name: ${option.attributes.name as string}`);
    expect(r.observation.feedback).not.toMatch(/correct|best|wrong/i);
    expect(r.info.judgements).toEqual([{ kind: "search", source: "builtin", value: { aspect: "apartment", named: ["apartment"] } }]);
    expect(r.info.counters).toMatchObject({ searches: 1, validSearches: 1, searchedAspects: 1 });
  });

  test("a repeated search earns 0 and says so", async () => {
    const { env, scenario } = await austinEnv();
    const [, again] = await steps(env, [SEARCH_APARTMENT, "[search] Apartment, Austin, Nov 10 - Nov 15, for 4"]);
    expect(again!.reward).toBe(0);
    expect(again!.observation.feedback).toBe(replies.searchRepeat(scenario.aspects[0]!));
    expect(again!.info.counters).toMatchObject({ searches: 2, validSearches: 2, searchedAspects: 1 });
  });

  test("a mismatch (a missing argument, or two aspects at once) earns 0 and a hint to refine", async () => {
    const { env } = await austinEnv();
    const [missing, both] = await steps(env, ["[search] apartment in Austin, 2025-11-10 to 2025-11-15", "[search] apartment and rental car in Austin, 2025-11-10 to 2025-11-15 for 4"]);
    for (const r of [missing!, both!]) {
      expect(r.reward).toBe(0);
      expect(r.observation.feedback).toBe(replies.searchMismatch);
    }
    expect(both!.info.counters).toMatchObject({ searches: 2, validSearches: 0 });
  });

  test("every 5th search fails (counting every search, deterministic), and the knob can turn it off", async () => {
    const { env } = await austinEnv();
    const results = await steps(env, [SEARCH_APARTMENT, "[search] hotel", "[search] x", "[search] y", SEARCH_CAR, SEARCH_CAR, "[search] a", "[search] b", "[search] c", SEARCH_APARTMENT]);
    expect(results[4]!.observation.feedback).toBe(replies.searchBackendFailure);
    expect(results[4]!.reward).toBe(0);
    expect(results[4]!.info.judgements).toEqual([{ kind: "search", source: "rule", value: { backendFailure: true } }]);
    expect(results[5]!.reward).toBe(0.2); // the same request right after the failure goes through
    expect(results[9]!.observation.feedback).toBe(replies.searchBackendFailure);
    expect(results[9]!.info.counters).toMatchObject({ searches: 10, searchFailures: 2 });

    const { env: never } = await austinEnv({ "knobs.search_fail_every": 0 });
    const many = await steps(never, Array.from({ length: 6 }, () => SEARCH_CAR));
    expect(many.map((r) => r.observation.feedback).filter((f) => f === replies.searchBackendFailure)).toEqual([]);
  });
});

describe("travel env: utterances", () => {
  test("targeted: the user reveals the preference implicitly with one of its hints, reward elicit, actively elicited", async () => {
    const { env, scenario } = await austinEnv();
    const r = await env.step(ASK_LAUNDRY);
    expect(r.reward).toBe(0.2);
    expect(scenario.aspects[0]!.preferences[0]!.hints).toContain(r.observation.feedback);
    expect(r.info.judgements[0]).toEqual({ kind: "utterance", source: "builtin", value: { type: "targeted", preference: "P1" } });
    expect(r.info.judgements[1]).toMatchObject({ kind: "reveal", value: { preference: "P1", proactive: false } });
    expect(r.info.counters).toMatchObject({ elicitedActive: 1, targetedActions: 1 });
    const again = await env.step(ASK_LAUNDRY); // already revealed: nothing left to elicit there
    expect(again.reward).toBe(0);
    expect(again.info.judgements[0]!.value).toEqual({ type: "absent" });
  });

  test("vague, absent and unrelated utterances earn 0 with their replies", async () => {
    const { env } = await austinEnv();
    const [vague, absent, unrelated] = await steps(env, [VAGUE, ABSENT, UNRELATED]);
    expect(vague!.observation.feedback).toBe(replies.vague);
    expect(vague!.info.judgements[0]!.value).toEqual({ type: "vague" });
    expect(absent!.observation.feedback.startsWith(replies.absent)).toBe(true);
    expect(absent!.info.judgements[0]!.value).toEqual({ type: "absent" });
    expect(unrelated!.info.judgements[0]!.value).toEqual({ type: "unrelated" });
    expect(unrelated!.info.judgements[1]).toMatchObject({ kind: "chat", source: "builtin" });
    for (const r of [vague!, absent!, unrelated!]) expect(r.reward).toBe(0);
  });

  test("after 3 off-target action turns in a row the user volunteers a remaining preference (passive, reward 0)", async () => {
    const { env, scenario } = await austinEnv();
    const [first, search, second, third, fourth] = await steps(env, [VAGUE, SEARCH_APARTMENT, UNRELATED, ABSENT, VAGUE]);
    expect(first!.info.counters.offTargetStreak).toBe(1);
    expect(search!.info.counters.offTargetStreak).toBe(1); // other choices neither extend nor break the streak
    expect(second!.info.counters.offTargetStreak).toBe(2);
    expect(third!.reward).toBe(0);
    const pick = third!.info.judgements.find((j) => j.kind === "proactive")!;
    const id = pick.value.preference as string;
    const preference = scenario.aspects.flatMap((a) => a.preferences).find((p) => p.id === id)!;
    expect(third!.observation.feedback).toBe(`${replies.absent}\n${third!.info.judgements.find((j) => j.kind === "reveal")!.value.text as string}`);
    expect(preference.hints.some((h) => third!.observation.feedback.endsWith(h))).toBe(true);
    expect(third!.info.counters).toMatchObject({ elicitedPassive: 1, elicitedActive: 0, offTargetStreak: 0 });
    expect(fourth!.info.counters.offTargetStreak).toBe(1);
  });

  test("a targeted question breaks the streak; reveal_after 0 never volunteers", async () => {
    const { env } = await austinEnv();
    const results = await steps(env, [VAGUE, UNRELATED, ASK_LAUNDRY, VAGUE, UNRELATED]);
    expect(results.at(-1)!.info.counters).toMatchObject({ offTargetStreak: 2, elicitedPassive: 0 });
    const { env: quiet } = await austinEnv({ "knobs.reveal_after": 0 });
    const many = await steps(quiet, Array.from({ length: 8 }, () => UNRELATED));
    expect(many.at(-1)!.info.counters).toMatchObject({ offTargetStreak: 8, elicitedPassive: 0 });
  });

  test("the proactive pick is seeded: the same seed volunteers the same preference", async () => {
    const picks = async (seed: number) => {
      const { env } = await austinEnv({}, undefined, seed);
      const r = await steps(env, [VAGUE, VAGUE, VAGUE]);
      return r[2]!.info.judgements.find((j) => j.kind === "proactive")!.value.preference;
    };
    expect(await picks(3)).toBe(await picks(3));
    const all = new Set(await Promise.all(Array.from({ length: 16 }, (_, s) => picks(s))));
    expect(all.size).toBeGreaterThan(1);
  });
});

describe("travel env: answers", () => {
  test("best, correct and wrong pay their rewards and say which they were", async () => {
    const { env } = await austinEnv({ "knobs.one_choice": false });
    const [wrong, correct, best] = await steps(env, ["[answer] A2", "[answer] A1", "[answer] a4"]);
    expect([wrong!.reward, correct!.reward, best!.reward]).toEqual([0, 0.8, 1]);
    expect(wrong!.observation.feedback).toContain("does not fit every preference");
    expect(correct!.observation.feedback).toContain("not the best");
    expect(best!.observation.feedback).toContain("A4 is the best apartment option");
  });

  test("one-choice: an answer locks its aspect, later answers are refused, its unrevealed preferences are dropped", async () => {
    const { env } = await austinEnv();
    const [ask, answer, again, reviews] = await steps(env, [ASK_LAUNDRY, "[answer] A1", "[answer] A4", ASK_REVIEWS]);
    expect(ask!.reward).toBe(0.2);
    expect(answer!.reward).toBe(0.8);
    expect(answer!.observation.feedback).toContain("The apartment choice is now final.");
    expect(answer!.info.counters).toMatchObject({ droppedPreferences: 1, correctAspects: 1 });
    expect(again!.reward).toBe(0);
    expect(again!.observation.feedback).toContain("already final (A1)");
    expect(again!.info.counters.refusedAnswers).toBe(1);
    expect(reviews!.reward).toBe(0);
    expect(reviews!.info.judgements[0]!.value).toEqual({ type: "absent" });
    expect(answer!.terminated).toBe(false);
    const last = await env.step("[answer] C6");
    expect(last.terminated).toBe(true);
    expect(last.observation.feedback).toContain(replies.allAnswered);
    expect(env.outcome!().score).toBe(0.4); // (0.8 + 0) / 2 aspects
  });

  test("multi-choice: answer until the best is found, each option id rewarded at most once, terminate when every best is found", async () => {
    const { env } = await austinEnv({ "knobs.one_choice": false });
    const results = await steps(env, ["[answer] A1", "[answer] A1", "[answer] A2", "[answer] A2", "[answer] A4", "[answer] A6", "[answer] C3", "[answer] C1"]);
    expect(results.map((r) => r.reward)).toEqual([0.8, 0, 0, 0, 1, 0, 0.8, 1]);
    expect(results[1]!.observation.feedback).toBe(replies.answerRepeat("A1"));
    expect(results[5]!.observation.feedback).toContain("already been found");
    expect(results.slice(0, -1).every((r) => !r.terminated)).toBe(true);
    expect(results.at(-1)!.terminated).toBe(true);
    expect(env.outcome!()).toMatchObject({ score: 1, metrics: { bestAspects: 2, correctAspects: 2, firstBestTurn: 5 } });
  });

  test("an answer with several ids, no id or an unknown id is an invalid turn: 0, explained, nothing recorded", async () => {
    const { env } = await austinEnv();
    const [several, none, unknown, fine] = await steps(env, ["[answer] A4, C1", "[answer] the cheap one", "[answer] Z9", "[answer] A4"]);
    expect(several!.info.invalid).toBe("the answer names 2 option ids");
    expect(several!.observation.feedback).toBe(replies.answerSeveralIds(["A4", "C1"]));
    expect(none!.observation.feedback).toBe(replies.answerNoId);
    expect(unknown!.observation.feedback).toBe(replies.answerUnknownId("Z9"));
    for (const r of [several!, none!, unknown!]) {
      expect(r.reward).toBe(0);
      expect(r.info.invalid).toBeDefined();
    }
    expect(fine!.reward).toBe(1); // nothing was locked by the invalid answers
    expect(fine!.info.counters).toMatchObject({ invalidTurns: 3, answers: 1 });
  });
});

describe("travel env: episode end", () => {
  test("[finish] terminates with 0; stepping afterwards throws EpisodeOverError", async () => {
    const { env } = await austinEnv();
    const r = await env.step("[finish]");
    expect(r).toMatchObject({ reward: 0, terminated: true, truncated: false });
    expect(r.observation.feedback).toBe(replies.finish);
    await expect(env.step("[finish]")).rejects.toBeInstanceOf(EpisodeOverError);
  });

  test("truncation at max_turns", async () => {
    const { env } = await austinEnv({ "knobs.max_turns": 3 });
    const results = await steps(env, [UNRELATED, UNRELATED, UNRELATED]);
    expect(results.map((r) => r.truncated)).toEqual([false, false, true]);
    expect(results[2]!.terminated).toBe(false);
    expect(results[2]!.observation).toMatchObject({ turn: 3, maxTurns: 3 });
    expect(results[2]!.observation.feedback.endsWith(replies.turnLimit)).toBe(true);
    await expect(env.step(UNRELATED)).rejects.toBeInstanceOf(EpisodeOverError);
  });

  test("stepping before reset throws EpisodeOverError; reset starts a fresh episode", async () => {
    const env = createEnv(austinScenario());
    await expect(env.step("[finish]")).rejects.toBeInstanceOf(EpisodeOverError);
    await env.reset({ seed: 1 });
    await env.step(SEARCH_APARTMENT);
    await env.reset({ seed: 1 });
    expect((await env.step(SEARCH_APARTMENT)).reward).toBe(0.2);
  });

  test("malformed output spends a turn as an invalid turn with a null action", async () => {
    const { env } = await austinEnv();
    const r = await env.step("I think I should search");
    expect(r).toMatchObject({ reward: 0, terminated: false });
    expect(r.info.action).toBeNull();
    expect(r.info.invalid).toBe("no bracketed action found");
    expect(r.observation.feedback).toBe(replies.invalid("no bracketed action found"));
    expect(r.observation.turn).toBe(1);
  });
});

describe("travel env: reward shaping", () => {
  test("the step reward is added to every step, the finish included", async () => {
    const { env } = await austinEnv({ "rewards.step": -0.01 });
    const [search, chat, finish] = await steps(env, [SEARCH_APARTMENT, UNRELATED, "[finish]"]);
    expect([search!.reward, chat!.reward, finish!.reward]).toEqual([0.19, -0.01, -0.01]);
  });

  test("each step's reward is clipped into the clip range", async () => {
    const { env } = await austinEnv({ "knobs.clip": "0..0.5", "rewards.wrong": -1 });
    const [search, best, wrong] = await steps(env, [SEARCH_APARTMENT, "[answer] A4", "[answer] C6"]);
    expect([search!.reward, best!.reward, wrong!.reward]).toEqual([0.2, 0.5, 0]);
  });

  test("showReward appends the reward to the feedback (training only)", async () => {
    const env = createEnv(austinScenario(), { showReward: true });
    await env.reset({ seed: 0 });
    expect((await env.step(SEARCH_CAR)).observation.feedback.endsWith("\nReward: 0.2")).toBe(true);
  });
});

describe("travel env: simulator failures become counted fallbacks", () => {
  const throwing: TravelSimulator = {
    spec: "openai:broken",
    judgeSearch: () => Promise.reject(new Error("HTTP 500")),
    judgeUtterance: () => Promise.reject(new Error("timeout")),
    reveal: () => Promise.reject(new Error("nope")),
    chat: () => Promise.reject(new Error("nope")),
  };

  test("a judge that throws yields a neutral outcome (0, fixed reply) recorded as a fallback", async () => {
    const { env } = await austinEnv({}, throwing);
    const [search, ask] = await steps(env, [SEARCH_APARTMENT, ASK_LAUNDRY]);
    expect(search!.reward).toBe(0);
    expect(search!.observation.feedback).toBe(replies.searchFallback);
    expect(search!.info.judgements[0]).toMatchObject({ kind: "search", source: "fallback", fallbackReason: "simulator error: HTTP 500" });
    expect(ask!.observation.feedback).toBe(replies.utteranceFallback);
    expect(ask!.info.counters).toMatchObject({ simulatorFallbacks: 2, offTargetStreak: 0, elicitedActive: 0 });
  });

  test("a verdict that does not fit the episode (a preference that is not remaining) is refused as a fallback", async () => {
    const builtin = new BuiltinTravelSimulator();
    const lying: TravelSimulator = {
      ...builtin,
      spec: "openai:liar",
      judgeSearch: (input) => builtin.judgeSearch(input),
      judgeUtterance: async (): Promise<Judgement> => ({ kind: "utterance", source: "llm", value: { type: "targeted", preference: "P1" } }),
      reveal: (input) => builtin.reveal(input),
      chat: (input) => builtin.chat(input),
    };
    const { env } = await austinEnv({}, lying);
    const [first, second] = await steps(env, [ASK_LAUNDRY, ASK_LAUNDRY]);
    expect(first!.reward).toBe(0.2);
    expect(first!.info.judgements[1]!.source).toBe("llm");
    expect(second!.reward).toBe(0);
    expect(second!.info.judgements[0]).toMatchObject({ source: "fallback", fallbackReason: "preference P1 is not among the remaining ones" });
  });
});
