import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { compileText } from "../../src/compiler/compile.js";
import type { TravelScenario } from "../../src/compiler/gyms/travel/ir.js";
import { openAIAgentFromOptions } from "../../src/runtime/agents/openai-agent.js";
import { createEnv } from "../../src/runtime/environment.js";
import { llmTravelSimulatorFromOptions } from "../../src/runtime/gyms/travel/llm-simulator.js";
import { travelAgentSystemPrompt } from "../../src/runtime/gyms/travel/prompts.js";
import { llmStatsOf } from "../../src/runtime/llm/stats.js";
import { runEpisode } from "../../src/runtime/rollout.js";
import type { Choice } from "../../src/runtime/types.js";
import { isAgentRequest, lastMessage, messagesOf, startFakeOpenAI, type FakeReply, type FakeServer } from "../support/fake-openai.js";

/**
 * Whole episodes: the OpenAI-compatible agent against the travel env with the LLM user simulator,
 * both behind one local fake server that plays the policy, the judges and the persona by reading
 * the requests. A read-write run is then replayed from the cache with the server gone: the
 * episode records must be byte-equal, with zero requests.
 */

const austin = readFileSync(join(import.meta.dirname, "../../scenarios/travel/austin_family.ubench"), "utf8");
const scenario = compileText(austin, "austin.ubench").scenarios[0]!.ir as TravelScenario;
const apartment = scenario.aspects.find((a) => a.id === "apartment")!;
const car = scenario.aspects.find((a) => a.id === "rental_car")!;
const washer = apartment.preferences.find((p) => p.name === "washer")!;
const CHOICES: Choice[] = ["search", "action", "answer", "finish"];
const KEY = "sk-e2e-secret-key-0123456789";

/** The policy's plan, by turn (the number of assistant messages so far). */
const PLAN: FakeReply[] = [
  { kind: "tool", arguments: { choice: "search", content: "apartment in Austin, check-in 2025-11-10, check-out 2025-11-15, 4 guests" } },
  { kind: "tool", arguments: { choice: "action", content: "How do you handle laundry on trips?" } },
  { kind: "tool", arguments: { choice: "action", content: "Lovely time of year to visit!" } },
  { kind: "text", content: `I'll go with this one. [answer] ${apartment.best}` },
  { kind: "tool", arguments: { choice: "search", content: "rental car in Austin" } },
  { kind: "tool", arguments: { choice: "answer", content: car.best } },
];

function play(body: Record<string, unknown>, faults: { judgeDown?: boolean }): FakeReply {
  if (isAgentRequest(body)) {
    const turn = messagesOf(body).filter((m) => m.role === "assistant").length;
    return PLAN[turn] ?? { kind: "tool", arguments: { choice: "finish", content: "" } };
  }
  const prompt = lastMessage(body);
  if (prompt.startsWith("You check a search request")) {
    if (faults.judgeDown) return { kind: "status", status: 503 };
    return { kind: "text", content: prompt.includes("check-in 2025-11-10") ? '```json\n{"aspect": "apartment"}\n```' : '{"aspect": null}' };
  }
  if (prompt.startsWith("You classify one message")) {
    return { kind: "text", content: prompt.includes("laundry") ? `{"type": "targeted", "preference": "${washer.id}"}` : 'Small talk, so {"type": "unrelated"}' };
  }
  // the persona
  return { kind: "text", content: prompt.includes(washer.says[0]) ? "With two kids, I really can't spend an evening at a laundromat." : `Traveller: "Thanks!"` };
}

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function runAll(seeds: number[], cacheDir: string, cache: "read-write" | "replay", url: string) {
  const env = { UBENCH_AGENT_BASE_URL: url, UBENCH_USER_BASE_URL: url, OPENAI_API_KEY: cache === "replay" ? undefined : KEY };
  const common = { cache, cacheDir, timeoutMs: 500, maxRetries: 1, backoffBaseMs: 5 };
  const agent = openAIAgentFromOptions("policy", { ...common, temperature: 0.7 }, env);
  const simulator = llmTravelSimulatorFromOptions("user-model", common, env);
  const records = await Promise.all(
    seeds.map((seed, trial) =>
      runEpisode({ env: createEnv(scenario, { simulator }), agent, scenario, seed, trial, user: simulator.spec, systemPrompt: travelAgentSystemPrompt(CHOICES) }),
    ),
  );
  return { records, agentStats: llmStatsOf(agent)!, userStats: llmStatsOf(simulator)! };
}

describe("LLM episodes end to end", () => {
  test("a full episode, then a replay from the cache that is byte-equal with no requests and no key", async () => {
    server = await startFakeOpenAI((body) => play(body, {}));
    const cacheDir = mkdtempSync(join(tmpdir(), "ubench-e2e-cache-"));
    const url = server.url;
    const live = await runAll([11, 12, 13], cacheDir, "read-write", url);

    const [record] = live.records;
    expect(record).toMatchObject({ status: "terminated", simulatorFallbacks: 0, invalidTurns: 0, agentErrors: 0, agent: "openai:policy", user: "openai:user-model" });
    expect(record!.turns.map((t) => t.action?.choice)).toEqual(["search", "action", "action", "answer", "search", "answer"]);
    expect(record!.turns[1]!.feedback).toBe("With two kids, I really can't spend an evening at a laundromat.");
    expect(record!.turns[1]!.reward).toBe(scenario.rewards.elicit);
    expect(record!.turns[2]!.feedback).toContain("Thanks!");
    expect(record!.turns[3]!.raw).toContain("[answer]");
    expect(record!.turns[0]!.outputTokens).toBe(5);
    expect(record!.turns.flatMap((t) => t.judgements).filter((j) => j.source !== "llm" && j.source !== "rule")).toEqual([]);
    expect(record).toMatchObject({ score: 1, success: true });
    const requestsLive = server.requests.length;
    expect(requestsLive).toBeGreaterThan(0);
    expect(live.agentStats.requests + live.userStats.requests).toBe(requestsLive);

    await server.close();
    server = undefined;
    const replay = await runAll([11, 12, 13], cacheDir, "replay", url);
    expect(JSON.stringify(replay.records)).toBe(JSON.stringify(live.records));
    expect(replay.agentStats.requests + replay.userStats.requests).toBe(0);
    expect(replay.agentStats.failures + replay.userStats.failures).toBe(0);

    for (const entry of readdirSync(cacheDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())) {
      expect(readFileSync(join(entry.parentPath, entry.name), "utf8")).not.toContain(KEY);
    }
  });

  test("a judge that is down: fallbacks are counted, the episode goes on, and the replay reproduces them", async () => {
    server = await startFakeOpenAI((body) => play(body, { judgeDown: true }));
    const cacheDir = mkdtempSync(join(tmpdir(), "ubench-e2e-cache-"));
    const url = server.url;
    const live = await runAll([21], cacheDir, "read-write", url);
    const [record] = live.records;
    expect(record!.simulatorFallbacks).toBe(2);
    const searches = record!.turns.filter((t) => t.action?.choice === "search");
    for (const turn of searches) {
      expect(turn.reward).toBe(0);
      expect(turn.judgements).toEqual([{ kind: "search", source: "fallback", value: { aspect: null }, fallbackReason: expect.stringContaining("HTTP 503") }]);
    }
    expect(live.userStats).toMatchObject({ retries: 2, failures: 2 });

    await server.close();
    server = undefined;
    const replay = await runAll([21], cacheDir, "replay", url);
    expect(JSON.stringify(replay.records)).toBe(JSON.stringify(live.records));
  });

  test("a replay of a run that was never recorded ends each episode with an agent error naming the key", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "ubench-e2e-cache-"));
    const { records } = await runAll([31], cacheDir, "replay", "http://127.0.0.1:9/v1");
    expect(records[0]).toMatchObject({ status: "error", agentErrors: 1, error: expect.stringMatching(/ReplayMissError: replay cache has no reply for request [0-9a-f]{64}/) });
  });
});
