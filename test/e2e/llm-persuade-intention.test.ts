import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import type { Scenario } from "../../src/compiler/ir.js";
import { openAIAgentFromOptions } from "../../src/runtime/agents/openai-agent.js";
import { createEnv } from "../../src/runtime/environment.js";
import { llmIntentionSimulatorFromOptions } from "../../src/runtime/gyms/intention/llm-simulator.js";
import { JUDGE_PROMPT_START, PERSONA_PROMPT_START as INTENTION_PERSONA } from "../../src/runtime/gyms/intention/prompts.js";
import { llmPersuadeSimulatorFromOptions } from "../../src/runtime/gyms/persuade/llm-simulator.js";
import { PERSONA_PROMPT_START as PERSUADE_PERSONA } from "../../src/runtime/gyms/persuade/prompts.js";
import { gymRuntime } from "../../src/runtime/gyms/registry.js";
import { llmStatsOf } from "../../src/runtime/llm/stats.js";
import { rescoreRecord } from "../../src/runtime/rescore.js";
import { runEpisode } from "../../src/runtime/rollout.js";
import { isAgentRequest, lastMessage, messagesOf, startFakeOpenAI, type FakeReply, type FakeServer, type RecordedRequest, type Responder } from "../support/fake-openai.js";
import { INTENTION_IR, PERSUADE_IR } from "../support/gym-fixtures.js";

/**
 * Whole episodes of the persuade and intention gyms: the OpenAI-compatible agent against the env
 * with the gym's LLM user simulator, both behind one local fake server that plays the policy, the
 * persona and the judge by reading the requests. A read-write run is then replayed from the cache
 * with the server gone (byte-equal records, no requests, no key), and every record re-scores from
 * its judgements alone.
 */

const KEY = "sk-e2e-secret-key-0123456789";

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function turnOf(body: Record<string, unknown>): number {
  return messagesOf(body).filter((m) => m.role === "assistant").length;
}

/** The persuade policy's arguments, by turn; then finish. */
const PERSUADE_PLAN: FakeReply[] = [
  { kind: "tool", arguments: { choice: "answer", content: "Who mentors the juniors when everyone is remote?" } },
  { kind: "tool", arguments: { choice: "search", content: "studies on remote work" } },
  { kind: "text", content: "Let me try another angle. [answer] Isolation is bad for mental health." },
  { kind: "tool", arguments: { choice: "answer", content: "And the hallway chats are where ideas start.", thought: "third reason" } },
];

/** The fake persona: it moves two levels per argument that names one of its reasons, and says so in JSON. */
function persuadePersona(body: Record<string, unknown>, faults: { personaDown?: boolean }): FakeReply {
  if (faults.personaDown) return { kind: "status", status: 503 };
  const [system, user] = messagesOf(body);
  const now = /Your stance right now: "([^"]+)"/.exec(system!.content!)![1]!;
  const index = PERSUADE_IR.ladder.indexOf(now);
  const argument = user!.content!;
  const touched = /junior|mentor/i.test(argument) ? ["R1"] : /mental health|isolation/i.test(argument) ? ["R2"] : /hallway/i.test(argument) ? ["R3"] : [];
  const next = touched.length > 0 ? Math.min(6, index + 2) : index;
  return { kind: "text", content: JSON.stringify({ reply: touched.length > 0 ? `Fine, that is a fair point (${touched[0]}).` : "Not convinced.", stance: PERSUADE_IR.ladder[next], reasons: touched }) };
}

function playPersuade(body: Record<string, unknown>, faults: { personaDown?: boolean }): FakeReply {
  if (isAgentRequest(body)) return PERSUADE_PLAN[turnOf(body)] ?? { kind: "tool", arguments: { choice: "finish", content: "" } };
  if (messagesOf(body)[0]?.content?.startsWith(PERSUADE_PERSONA)) return persuadePersona(body, faults);
  return { kind: "status", status: 400 };
}

const INTENTION_PLAN: FakeReply[] = [
  { kind: "tool", arguments: { choice: "action", content: "How long will you stay, and what is your budget?" } },
  { kind: "tool", arguments: { choice: "action", content: "How long will you stay?" } },
  { kind: "tool", arguments: { choice: "answer", content: "a week" } },
  { kind: "tool", arguments: { choice: "action", content: "Which sights interest you?" } },
  { kind: "tool", arguments: { choice: "action", content: "Hotel or apartment?" } },
];

/** The fake judge names details by the words of the question (twice, to check they count once); the persona answers briefly. */
function playIntention(body: Record<string, unknown>, faults: { judgeDown?: boolean }): FakeReply {
  if (isAgentRequest(body)) return INTENTION_PLAN[turnOf(body)] ?? { kind: "tool", arguments: { choice: "finish", content: "" } };
  const first = messagesOf(body)[0]?.content ?? "";
  if (first.startsWith(JUDGE_PROMPT_START)) {
    if (faults.judgeDown) return { kind: "status", status: 503 };
    const question = /The assistant's question: (".*")/.exec(first)![1]!;
    const covered = [
      ...(/how long/i.test(question) ? ["D1", "D1"] : []),
      ...(/budget/i.test(question) ? ["D2"] : []),
      ...(/sights/i.test(question) ? ["D3"] : []),
      ...(/hotel/i.test(question) ? ["D4"] : []),
    ];
    return { kind: "text", content: `\`\`\`json\n${JSON.stringify({ on_task: true, covered })}\n\`\`\`` };
  }
  if (first.startsWith(INTENTION_PERSONA)) return { kind: "text", content: lastMessage(body).includes("This question asks about:") ? "Sure, here is what I have in mind." : "Hmm, not sure." };
  return { kind: "status", status: 400 };
}

async function runAll(scenario: Scenario, seeds: number[], cacheDir: string, cache: "read-write" | "replay", url: string) {
  const env = { UBENCH_AGENT_BASE_URL: url, UBENCH_USER_BASE_URL: url, OPENAI_API_KEY: cache === "replay" ? undefined : KEY };
  const common = { cache, cacheDir, timeoutMs: 500, maxRetries: 1, backoffBaseMs: 5 };
  const agent = openAIAgentFromOptions("policy", { ...common, temperature: 0.7 }, env);
  const simulator = scenario.gym === "persuade" ? llmPersuadeSimulatorFromOptions("user-model", common, env) : llmIntentionSimulatorFromOptions("user-model", common, env);
  const runtime = gymRuntime(scenario.gym);
  const records = await Promise.all(
    seeds.map((seed, trial) => runEpisode({ env: createEnv(scenario, { simulator }), agent, scenario, seed, trial, user: simulator.spec, systemPrompt: runtime.agentSystemPrompt(scenario) })),
  );
  return { records, agentStats: llmStatsOf(agent)!, userStats: llmStatsOf(simulator)! };
}

/** Starts the fake server playing `play`, then runs the scenario's seeds live, filling a fresh cache. */
async function runLive(scenario: Scenario, seeds: number[], play: Responder) {
  const started = await startFakeOpenAI(play);
  server = started;
  const cacheDir = mkdtempSync(join(tmpdir(), `ubench-e2e-${scenario.gym}-`));
  return { server: started, cacheDir, ...(await runAll(scenario, seeds, cacheDir, "read-write", started.url)) };
}

/** The first request of the agent (not the user's): the choices its tool offers, and its messages. */
function firstAgentRequest(requests: readonly RecordedRequest[]) {
  const body = requests.find((r) => isAgentRequest(r.body))!.body;
  const tool = (body["tools"] as { function: { parameters: { properties: { choice: { enum: string[] } } } } }[])[0]!;
  return { choices: tool.function.parameters.properties.choice.enum, messages: messagesOf(body) };
}

/** With the server gone, the live run replays from its cache alone: byte-equal records, no requests, and no key in any cache file. */
async function expectReplayFromCache(scenario: Scenario, seeds: number[], live: Awaited<ReturnType<typeof runLive>>) {
  await live.server.close();
  server = undefined;
  const replay = await runAll(scenario, seeds, live.cacheDir, "replay", live.server.url);
  expect(JSON.stringify(replay.records)).toBe(JSON.stringify(live.records));
  expect(replay.agentStats.requests + replay.userStats.requests).toBe(0);
  for (const entry of readdirSync(live.cacheDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())) {
    expect(readFileSync(join(entry.parentPath, entry.name), "utf8")).not.toContain(KEY);
  }
}

describe("LLM persuade episodes end to end", () => {
  test("the persona reaches the goal; the agent's tool offers only answer and finish; the replay from the cache is byte-equal with no requests", async () => {
    const live = await runLive(PERSUADE_IR, [11, 12], (body) => playPersuade(body, {}));
    const [record] = live.records;
    expect(record).toMatchObject({ status: "terminated", success: true, score: 1, simulatorFallbacks: 0, invalidTurns: 1, user: "openai:user-model", gym: "persuade" });
    expect(record!.turns.map((t) => t.action?.choice ?? null)).toEqual(["answer", null, "answer", "answer"]);
    expect(record!.turns[1]!.invalid).toMatch(/\[search\] is not available/);
    expect(record!.turns.map((t) => t.reward)).toEqual([0.333333, 0, 0.333334, 0.333333]);
    expect(record!.turns[0]!.feedback).toBe("Fine, that is a fair point (R1).");
    expect(record!.metrics).toEqual({ goalLevels: 6, goalReached: 1, stanceGain: 6, successTurn: 4, arguments: 3, touchedArguments: 3 });

    const agentRequest = firstAgentRequest(live.server.requests);
    expect(agentRequest.choices).toEqual(["answer", "finish"]);
    expect(agentRequest.messages[0]!.content).toContain(PERSUADE_IR.claim[0]);
    // the persona's request for the second argument carries the stance its first reply reported
    const second = live.server.requests.filter((r) => !isAgentRequest(r.body) && lastMessage(r.body).includes(`They now say: "Isolation is bad`));
    expect(second).toHaveLength(2);
    for (const request of second) expect(messagesOf(request.body)[0]!.content).toContain('Your stance right now: "partly agree".');

    expect(live.agentStats.requests + live.userStats.requests).toBe(live.server.requests.length);
    await expectReplayFromCache(PERSUADE_IR, [11, 12], live);

    const rescored = await rescoreRecord(PERSUADE_IR, record!);
    expect(rescored.rewards).toEqual(record!.turns.map((t) => t.reward));
    expect(rescored.outcome!.score).toBe(record!.score);
  });

  test("a persona that is down: every argument is a counted fallback with the neutral reply, and the episode runs to its end", async () => {
    const live = await runLive(PERSUADE_IR, [21], (body) => playPersuade(body, { personaDown: true }));
    const [record] = live.records;
    expect(record).toMatchObject({ status: "terminated", score: 0, simulatorFallbacks: 3, success: false });
    for (const turn of record!.turns.filter((t) => t.action?.choice === "answer")) {
      expect(turn.reward).toBe(0);
      expect(turn.judgements).toEqual([{ kind: "stance", source: "fallback", value: {}, fallbackReason: expect.stringContaining("HTTP 503") }]);
    }
    expect(live.userStats).toMatchObject({ retries: 3, failures: 3 });
    const rescored = await rescoreRecord(PERSUADE_IR, record!);
    expect(rescored.feedback).toEqual(record!.turns.map((t) => t.feedback));
  });
});

describe("LLM intention episodes end to end", () => {
  test("the judge's duplicate ids count once; every detail covered ends the episode; the replay from the cache is byte-equal", async () => {
    const live = await runLive(INTENTION_IR, [31, 32], (body) => playIntention(body, {}));
    const [record] = live.records;
    expect(record).toMatchObject({ status: "terminated", success: true, score: 1, simulatorFallbacks: 0, invalidTurns: 1, gym: "intention" });
    expect(record!.turns.map((t) => t.reward)).toEqual([0.8, 0, 0, 1, 0.4]);
    expect(record!.turns[0]!.judgements[0]).toEqual({ kind: "coverage", source: "llm", value: { onTask: true, covered: ["D1", "D2"] } });
    expect(record!.turns[1]!.judgements[0]).toEqual({ kind: "coverage", source: "llm", value: { onTask: true, covered: [], ignored: ["D1"] } });
    expect(record!.turns[0]!.feedback).toBe("Sure, here is what I have in mind.");
    expect(record!.metrics).toEqual({ details: 4, coveredDetails: 4, weightTotal: 9, coveredWeight: 9, highDetails: 2, coveredHigh: 2, questions: 4, onTaskQuestions: 4 });

    const agentRequest = firstAgentRequest(live.server.requests);
    expect(agentRequest.choices).toEqual(["action", "finish"]);
    expect(agentRequest.messages[1]!.content).toMatch(/Paris/);

    await expectReplayFromCache(INTENTION_IR, [31, 32], live);

    const rescored = await rescoreRecord(INTENTION_IR, record!);
    expect(rescored.rewards).toEqual(record!.turns.map((t) => t.reward));
    expect(rescored.outcome).toEqual({ score: record!.score, metrics: record!.metrics });
  });

  test("a judge that is down: questions are counted fallbacks covering nothing, and the persona is never asked", async () => {
    const live = await runLive(INTENTION_IR, [41], (body) => playIntention(body, { judgeDown: true }));
    const [record] = live.records;
    expect(record).toMatchObject({ score: 0, simulatorFallbacks: 4, success: false });
    expect(record!.metrics).toMatchObject({ coveredDetails: 0, questions: 0 });
    expect(live.server.requests.filter((r) => messagesOf(r.body)[0]?.content?.startsWith(INTENTION_PERSONA))).toEqual([]);
    const rescored = await rescoreRecord(INTENTION_IR, record!);
    expect(rescored.rewards).toEqual(record!.turns.map((t) => t.reward));
  });
});
