import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { compileText } from "../../src/compiler/compile.js";
import type { TravelScenario } from "../../src/compiler/gyms/travel/ir.js";
import { createOpenAIAgent, openAIAgentFromOptions } from "../../src/runtime/agents/openai-agent.js";
import { travelAgentSystemPrompt } from "../../src/runtime/gyms/travel/prompts.js";
import { LlmClient, LlmError } from "../../src/runtime/llm/client.js";
import { llmStatsOf } from "../../src/runtime/llm/stats.js";
import { createEnv } from "../../src/runtime/environment.js";
import { createRng } from "../../src/runtime/rng.js";
import { runEpisode } from "../../src/runtime/rollout.js";
import type { AgentEpisode, Choice } from "../../src/runtime/types.js";
import { messagesOf, queue, startFakeOpenAI, type FakeReply, type FakeServer } from "../support/fake-openai.js";

const austin = readFileSync(join(import.meta.dirname, "../../scenarios/travel/austin_family.ubench"), "utf8");
const scenario = compileText(austin, "austin.ubench").scenarios[0]!.ir as TravelScenario;
const ALL: Choice[] = ["search", "action", "answer", "finish"];

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function episodeWith(replies: FakeReply[], choices: Choice[] = ALL, seed = 41): Promise<AgentEpisode> {
  server = await startFakeOpenAI(queue(replies));
  const client = new LlmClient({ endpoint: { baseURL: server.url, apiKey: "k" }, timeoutMs: 500, maxRetries: 0 });
  const agent = createOpenAIAgent("policy", { client, temperature: 0.7, maxTokens: 64 });
  return agent.begin({ scenario, seed, choices, systemPrompt: travelAgentSystemPrompt(choices), rng: createRng(seed) });
}
const observation = (feedback: string, turn = 0) => ({ feedback, turn, maxTurns: 20 });
const sent = (i: number) => server!.requests[i]!.body;

describe("OpenAI-compatible agent", () => {
  test("tool calls become actions; the transcript pairs each call with its tool reply", async () => {
    const episode = await episodeWith([
      { kind: "tool", arguments: { choice: "search", content: "apartment in Austin", thought: "start" }, content: "Let me search." },
      { kind: "tool", arguments: { choice: "answer", content: "A4" } },
    ]);
    const first = await episode.act(observation("I'm planning a trip."), []);
    expect(first).toEqual({ action: { choice: "search", content: "apartment in Austin", thought: "start" }, raw: '{"choice":"search","content":"apartment in Austin","thought":"start"}', outputTokens: 5, promptTokens: 10 });
    const second = await episode.act(observation("Here are the apartments.", 1), []);
    expect(second.action).toEqual({ choice: "answer", content: "A4" });

    const messages = messagesOf(sent(1));
    expect(messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "tool"]);
    expect(messages[0]!.content).toBe(travelAgentSystemPrompt(ALL));
    expect(messages[1]!.content).toBe("I'm planning a trip.");
    expect(messages[2]).toMatchObject({ content: "Let me search.", tool_calls: [{ type: "function", function: { name: "interact_with_env" } }] });
    expect(messages[3]).toMatchObject({ content: "Here are the apartments.", tool_call_id: (messages[2]!.tool_calls![0] as { id: string }).id });
  });

  test("the request: one tool with the gym's choices, sampling, and the episode's seed", async () => {
    const episode = await episodeWith([{ kind: "tool", arguments: { choice: "action", content: "Hi!" } }], ["action", "answer"], 99);
    await episode.act(observation("hello"), []);
    expect(sent(0)).toMatchObject({
      model: "policy",
      temperature: 0.7,
      max_tokens: 64,
      seed: 99,
      tool_choice: "auto",
      tools: [{ type: "function", function: { name: "interact_with_env", parameters: { properties: { choice: { enum: ["action", "answer"] } }, required: ["choice", "content"] } } }],
    });
  });

  test("asks for one tool call per reply; extra calls are counted on the turn and named in the next tool reply", async () => {
    const episode = await episodeWith([
      { kind: "tools", calls: [{ arguments: { choice: "search", content: "apartment" } }, { arguments: { choice: "answer", content: "A1" } }, { arguments: { choice: "finish", content: "" } }] },
      { kind: "tool", arguments: { choice: "answer", content: "A4" } },
      { kind: "tool", arguments: { choice: "finish", content: "" } },
    ]);
    const first = await episode.act(observation("I'm planning a trip."), []);
    expect(sent(0)["parallel_tool_calls"]).toBe(false);
    expect(first.action).toEqual({ choice: "search", content: "apartment" });
    expect(first.ignoredToolCalls).toBe(2);
    const second = await episode.act(observation("Here are the apartments.", 1), []);
    expect(second.ignoredToolCalls).toBeUndefined();
    const messages = messagesOf(sent(1));
    // Only the executed call is replayed, answered by one tool reply that says what happened to the others.
    expect(messages[2]!.tool_calls).toHaveLength(1);
    expect(messages[3]!.content).toBe("Here are the apartments.\n\n(Only the first tool call is executed; 2 more were ignored. Make one tool call per turn.)");
    await episode.act(observation("Noted.", 2), []);
    expect(messagesOf(sent(2))[5]!.content).toBe("Noted.");
  });

  test("the episode record keeps the ignored calls' count on the turn they came with", async () => {
    server = await startFakeOpenAI(queue([
      { kind: "tools", calls: [{ arguments: { choice: "action", content: "Hello!" } }, { arguments: { choice: "finish", content: "" } }] },
      { kind: "tool", arguments: { choice: "finish", content: "" } },
    ]));
    const client = new LlmClient({ endpoint: { baseURL: server.url, apiKey: "k" }, timeoutMs: 2000, maxRetries: 0 });
    const agent = createOpenAIAgent("policy", { client });
    const record = await runEpisode({ env: createEnv(scenario), agent, scenario, seed: 5, trial: 0, user: "builtin", systemPrompt: travelAgentSystemPrompt(ALL) });
    expect(record.turns.map((t) => [t.action?.choice, t.ignoredToolCalls])).toEqual([["action", 1], ["finish", undefined]]);
    expect("ignoredToolCalls" in record.turns[1]!).toBe(false);
  });

  test("tool calls get fresh ids of 9 letters and digits, the same for the same seed, whatever the server sent", async () => {
    const replies: FakeReply[] = [
      { kind: "tool", arguments: { choice: "search", content: "a" }, id: null },
      { kind: "tool", arguments: { choice: "search", content: "b" }, id: null },
      { kind: "tool", arguments: { choice: "finish", content: "" }, id: "call_0" },
    ];
    const idsOf = async (seed: number) => {
      const episode = await episodeWith(replies, ALL, seed);
      for (let turn = 0; turn < 3; turn++) await episode.act(observation(`obs ${turn}`, turn), []);
      await episode.act(observation("end", 3), []);
      const messages = messagesOf(sent(3));
      await server!.close();
      server = undefined;
      const calls = messages.filter((m) => m.role === "assistant").map((m) => (m.tool_calls![0] as { id: string }).id);
      expect(messages.filter((m) => m.role === "tool").map((m) => m.tool_call_id)).toEqual(calls);
      return calls;
    };
    const ids = await idsOf(41);
    expect(ids).toHaveLength(3);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9]{9}$/);
    expect(new Set(ids).size).toBe(3);
    expect(await idsOf(41)).toEqual(ids);
    expect(await idsOf(42)).not.toEqual(ids);
  });

  test("a reply without a tool call is read as bracketed text; the next observation is a user message", async () => {
    const episode = await episodeWith([
      { kind: "text", content: "Let me look. [search] rental car Austin 2025-11-10 to 2025-11-15" },
      { kind: "text", content: "[finish]" },
    ]);
    expect((await episode.act(observation("hi"), [])).action).toEqual({ choice: "search", content: "rental car Austin 2025-11-10 to 2025-11-15" });
    expect((await episode.act(observation("cars...", 1), [])).action).toEqual({ choice: "finish", content: "" });
    expect(messagesOf(sent(1)).map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
  });

  test("output that is not an action is an invalid turn with a reason", async () => {
    const episode = await episodeWith([
      { kind: "text", content: "I am not sure what to do." },
      { kind: "text", content: "" },
      { kind: "tool", arguments: "{broken json" },
      { kind: "tool", arguments: "[1, 2]" },
      { kind: "tool", arguments: { choice: "dance", content: "x" } },
      { kind: "tool", arguments: { content: "x" } },
      { kind: "tool", arguments: { choice: "search", content: "" } },
      { kind: "tool", name: "web_search", arguments: { q: "x" } },
    ]);
    const act = () => episode.act(observation("..."), []);
    expect(await act()).toMatchObject({ action: null, raw: "I am not sure what to do.", invalid: "no tool call, and no bracketed action found" });
    expect(await act()).toMatchObject({ action: null, invalid: "no tool call, and the output is empty" });
    expect(await act()).toMatchObject({ action: null, raw: "{broken json", invalid: "the tool call's arguments are not a JSON object" });
    expect(await act()).toMatchObject({ action: null, invalid: "the tool call's arguments are not a JSON object" });
    expect(await act()).toMatchObject({ action: null, invalid: "unknown choice 'dance'" });
    expect(await act()).toMatchObject({ action: null, invalid: "the tool call has no 'choice'" });
    expect(await act()).toMatchObject({ action: null, invalid: "[search] needs content after the tag" });
    expect(await act()).toMatchObject({ action: null, invalid: "unknown tool 'web_search' (use interact_with_env)" });
    expect(server!.requests).toHaveLength(8);
  });

  test("broken arguments are kept as assistant text, not replayed as a tool call; valid calls are answered by a tool message", async () => {
    const episode = await episodeWith([
      { kind: "tool", arguments: "{broken json" },
      { kind: "tool", arguments: { choice: "dance", content: "x" } },
      { kind: "tool", arguments: { choice: "finish", content: "" } },
    ]);
    await episode.act(observation("opening"), []);
    await episode.act(observation("Invalid action: ...", 1), []);
    await episode.act(observation("Invalid action: ...", 2), []);
    const messages = messagesOf(sent(2));
    expect(messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "user", "assistant", "tool"]);
    expect(messages[2]).toEqual({ role: "assistant", content: "{broken json" });
  });

  test("a failed call throws (rollout records an agent error), after the client's retries", async () => {
    const episode = await episodeWith([{ kind: "status", status: 401 }]);
    await expect(episode.act(observation("hi"), [])).rejects.toBeInstanceOf(LlmError);
  });
});

describe("the agent from run options", () => {
  test("the agent endpoint and key come from the environment; the client's stats are visible", async () => {
    server = await startFakeOpenAI(queue([{ kind: "tool", arguments: { choice: "finish", content: "" } }]));
    const agent = openAIAgentFromOptions("gpt-test", { max_tokens: 128, seed: false }, { UBENCH_AGENT_BASE_URL: server.url, UBENCH_AGENT_API_KEY: "agent-key", UBENCH_USER_API_KEY: "user-key" });
    expect(agent.spec).toBe("openai:gpt-test");
    const episode = await agent.begin({ scenario, seed: 5, choices: ALL, systemPrompt: "sys", rng: createRng(5) });
    await episode.act(observation("hi"), []);
    expect(server.requests[0]!.headers["authorization"]).toBe("Bearer agent-key");
    expect(server.requests[0]!.body).toMatchObject({ model: "gpt-test", temperature: 0, max_tokens: 128 });
    expect(server.requests[0]!.body).not.toHaveProperty("seed");
    expect(llmStatsOf(agent)).toMatchObject({ requests: 1, cacheHits: 0, failures: 0 });
    expect(llmStatsOf({ spec: "scripted:oracle" })).toBeUndefined();
  });

  test("the --agent-base-url flag wins over the environment", async () => {
    server = await startFakeOpenAI(queue([{ kind: "text", content: "[finish]" }]));
    const agent = openAIAgentFromOptions("m", { baseURL: server.url }, { UBENCH_AGENT_BASE_URL: "http://127.0.0.1:9/v1", OPENAI_API_KEY: "shared" });
    const episode = await agent.begin({ scenario, seed: 5, choices: ALL, systemPrompt: "sys", rng: createRng(5) });
    expect((await episode.act(observation("hi"), [])).action).toEqual({ choice: "finish", content: "" });
    expect(server.requests[0]!.headers["authorization"]).toBe("Bearer shared");
  });
});

describe("the agent's system prompt", () => {
  test("describes the tool and only the allowed choices", () => {
    const prompt = travelAgentSystemPrompt(["action", "answer"]);
    expect(prompt).toContain("interact_with_env");
    expect(prompt).toContain("answer — ");
    expect(prompt).toContain("Exactly one id per answer");
    expect(prompt).not.toContain("search — ");
    expect(prompt).not.toContain("finish — ");
  });
});
