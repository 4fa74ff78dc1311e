import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { compileText } from "../../src/compiler/compile.js";
import type { TravelScenario } from "../../src/compiler/gyms/travel/ir.js";
import { createOpenAIAgent } from "../../src/runtime/agents/openai-agent.js";
import { createLlmTravelSimulator } from "../../src/runtime/gyms/travel/llm-simulator.js";
import { travelAgentSystemPrompt } from "../../src/runtime/gyms/travel/prompts.js";
import { LlmClient } from "../../src/runtime/llm/client.js";
import type { Rng } from "../../src/runtime/types.js";
import { lastMessage, startFakeOpenAI, type FakeReply, type FakeServer } from "../support/fake-openai.js";

const austin = readFileSync(join(import.meta.dirname, "../../scenarios/travel/austin_family.ubench"), "utf8");
const scenario = compileText(austin, "austin.ubench").scenarios[0]!.ir as TravelScenario;
const rng: Rng = { int: () => 0, float: () => 0 };

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function simulatorWith(replies: FakeReply[] | ((body: Record<string, unknown>) => FakeReply)) {
  server = await startFakeOpenAI((body, i) => (typeof replies === "function" ? replies(body) : replies[Math.min(i, replies.length - 1)]!));
  const client = new LlmClient({ endpoint: { baseURL: server.url, apiKey: "k" }, timeoutMs: 300, maxRetries: 1, backoffBaseMs: 1 });
  return createLlmTravelSimulator({ model: "judge", client });
}

const remaining = scenario.aspects.flatMap((a) => a.preferences);

describe("LLM travel simulator", () => {
  test("judgements come from the LLM's JSON, fenced or bare", async () => {
    const sim = await simulatorWith([
      { kind: "text", content: '```json\n{"aspect": "apartment"}\n```' },
      { kind: "text", content: 'It is targeted: {"type": "targeted", "preference": "P2"}' },
    ]);
    expect(await sim.judgeSearch({ scenario, request: "apartments in Austin" })).toEqual({ kind: "search", source: "llm", value: { aspect: "apartment" } });
    expect(await sim.judgeUtterance({ scenario, utterance: "Do reviews matter?", remaining, history: [] })).toEqual({
      kind: "utterance",
      source: "llm",
      value: { type: "targeted", preference: "P2" },
    });
  });

  test("unparseable, invalid or failed judgements fall back to the neutral outcome, with a reason", async () => {
    const sim = await simulatorWith([
      { kind: "text", content: "I think it matches the hotel" },
      { kind: "text", content: '{"aspect": "castle"}' },
      { kind: "text", content: '{"type": "targeted", "preference": "P99"}' },
      { kind: "status", status: 500 },
    ]);
    const search = await sim.judgeSearch({ scenario, request: "x" });
    expect(search).toMatchObject({ source: "fallback", value: { aspect: null }, fallbackReason: "no JSON object in the reply" });
    expect(await sim.judgeSearch({ scenario, request: "x" })).toMatchObject({ source: "fallback", fallbackReason: "unknown aspect 'castle'" });
    expect(await sim.judgeUtterance({ scenario, utterance: "x", remaining, history: [] })).toMatchObject({ source: "fallback", value: { type: "unrelated" } });
    const failed = await sim.judgeUtterance({ scenario, utterance: "x", remaining, history: [] });
    expect(failed).toMatchObject({ source: "fallback", value: { type: "unrelated" }, fallbackReason: expect.stringContaining("HTTP 500") });
  });

  test("reveal speaks as the persona, guided by the hint; on failure the hint itself is used", async () => {
    const sim = await simulatorWith((body) => (lastMessage(body).includes("in-unit washer") ? { kind: "text", content: "  Laundry is a nightmare with two kids.  " } : { kind: "status", status: 503 }));
    const washer = remaining.find((p) => p.name === "washer")!;
    expect(await sim.reveal({ scenario, preference: washer, utterance: "Any laundry needs?", history: [], rng })).toEqual({ text: "Laundry is a nightmare with two kids.", source: "llm" });
    const rated = remaining.find((p) => p.name === "rated")!;
    expect(await sim.reveal({ scenario, preference: rated, utterance: null, history: [], rng })).toMatchObject({ text: rated.hints[0], source: "fallback" });
  });
});

describe("OpenAI-compatible agent", () => {
  async function agentWith(replies: FakeReply[]) {
    server = await startFakeOpenAI((_, i) => replies[Math.min(i, replies.length - 1)]!);
    const client = new LlmClient({ endpoint: { baseURL: server.url, apiKey: "k" }, timeoutMs: 1000, maxRetries: 0 });
    const agent = createOpenAIAgent("policy", { client, temperature: 0.7, maxTokens: 64 });
    return agent.begin({ scenario, seed: 1, choices: ["search", "action", "answer", "finish"], systemPrompt: travelAgentSystemPrompt(["search", "action", "answer", "finish"]), rng });
  }
  const observation = (feedback: string) => ({ feedback, turn: 0, maxTurns: 20 });

  test("tool calls become actions; the transcript pairs each call with its tool reply", async () => {
    const episode = await agentWith([
      { kind: "tool", arguments: { choice: "search", content: "apartment in Austin", thought: "start" } },
      { kind: "tool", arguments: { choice: "answer", content: "A4" } },
    ]);
    const first = await episode.act(observation("I'm planning a trip."), []);
    expect(first.action).toEqual({ choice: "search", content: "apartment in Austin", thought: "start" });
    expect(first.outputTokens).toBe(5);
    await episode.act(observation("Here are the apartments."), []);
    const second = server!.requests[1]!.body;
    const messages = second["messages"] as { role: string; tool_call_id?: string; content: string }[];
    expect(messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "tool"]);
    expect(messages[3]!.content).toBe("Here are the apartments.");
    expect(second["tools"]).toMatchObject([{ function: { name: "interact_with_env", parameters: { properties: { choice: { enum: ["search", "action", "answer", "finish"] } } } } }]);
    expect(second["temperature"]).toBe(0.7);
  });

  test("a text reply is read as bracketed text; otherwise the turn is invalid with a reason", async () => {
    const episode = await agentWith([
      { kind: "text", content: "Let me look. [search] rental car Austin 2025-11-10" },
      { kind: "text", content: "I am not sure what to do." },
      { kind: "tool", arguments: "{broken json" },
      { kind: "tool", arguments: { choice: "dance", content: "x" } },
    ]);
    expect((await episode.act(observation("hi"), [])).action).toEqual({ choice: "search", content: "rental car Austin 2025-11-10" });
    expect(await episode.act(observation("..."), [])).toMatchObject({ action: null, invalid: expect.stringContaining("no tool call") });
    expect(await episode.act(observation("..."), [])).toMatchObject({ action: null, invalid: "the tool call's arguments are not valid JSON" });
    expect(await episode.act(observation("..."), [])).toMatchObject({ action: null, invalid: "unknown choice 'dance'" });
  });
});
