import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { compileText } from "../../src/compiler/compile.js";
import type { TravelScenario } from "../../src/compiler/gyms/travel/ir.js";
import { createEnv } from "../../src/runtime/environment.js";
import { ReplayMismatchError } from "../../src/runtime/replay-error.js";
import { cleanReply } from "../../src/runtime/llm/clean-reply.js";
import { createLlmTravelSimulator, llmTravelSimulatorFromOptions, NEUTRAL_CHAT_REPLY } from "../../src/runtime/gyms/travel/llm-simulator.js";
import { LlmClient } from "../../src/runtime/llm/client.js";
import { llmStatsOf } from "../../src/runtime/llm/stats.js";
import { createRng } from "../../src/runtime/rng.js";
import { lastMessage, messagesOf, queue, startFakeOpenAI, type FakeReply, type FakeServer, type Responder } from "../support/fake-openai.js";

const austin = readFileSync(join(import.meta.dirname, "../../scenarios/travel/austin_family.ubench"), "utf8");
const scenario = compileText(austin, "austin.ubench").scenarios[0]!.ir as TravelScenario;
const remaining = scenario.aspects.flatMap((a) => a.preferences);
const byName = (name: string) => remaining.find((p) => p.name === name)!;

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function simulatorWith(replies: FakeReply[] | Responder, extra: { temperature?: number } = {}) {
  server = await startFakeOpenAI(Array.isArray(replies) ? queue(replies) : replies);
  const client = new LlmClient({ endpoint: { baseURL: server.url, apiKey: "k" }, timeoutMs: 200, maxRetries: 1, backoffBaseMs: 1 });
  return createLlmTravelSimulator({ model: "judge", client, ...extra });
}

describe("LLM travel simulator: judges", () => {
  test("judgements come from the LLM's JSON, fenced, bare or in prose", async () => {
    const sim = await simulatorWith([
      { kind: "text", content: '```json\n{"aspect": "apartment"}\n```' },
      { kind: "text", content: '{"aspect": null}' },
      { kind: "text", content: 'It is targeted: {"type": "targeted", "preference": "P2"}' },
      { kind: "text", content: '{"type": "vague", "preference": null}' },
    ]);
    expect(await sim.judgeSearch({ scenario, request: "apartments in Austin" })).toEqual({ kind: "search", source: "llm", value: { aspect: "apartment" } });
    expect(await sim.judgeSearch({ scenario, request: "flights" })).toEqual({ kind: "search", source: "llm", value: { aspect: null } });
    expect(await sim.judgeUtterance({ scenario, utterance: "Do reviews matter?", remaining, history: [] })).toEqual({ kind: "utterance", source: "llm", value: { type: "targeted", preference: "P2" } });
    expect(await sim.judgeUtterance({ scenario, utterance: "Any wishes?", remaining, history: [] })).toEqual({ kind: "utterance", source: "llm", value: { type: "vague" } });
  });

  test("the judges' prompts carry what they judge against, and they sample at temperature 0", async () => {
    const sim = await simulatorWith([{ kind: "text", content: '{"aspect": null}' }], { temperature: 0.9 });
    await sim.judgeSearch({ scenario, request: "apartment in Austin for 4" });
    await sim.judgeUtterance({ scenario, utterance: "hello", remaining: [byName("washer")], history: [] });
    const [search, utterance] = server!.requests.map((r) => r.body);
    expect(search!["temperature"]).toBe(0);
    expect(lastMessage(search!)).toContain('check_in = "2025-11-10"');
    expect(lastMessage(search!)).toContain('"apartment in Austin for 4"');
    expect(lastMessage(utterance!)).toContain(`${byName("washer").id} (apartment, laundry)`);
    expect(lastMessage(utterance!)).not.toContain(byName("rated").says[0]);
  });

  test("unreadable, invalid or failed judgements fall back to the neutral outcome, with a reason", async () => {
    const sim = await simulatorWith([
      { kind: "text", content: "I think it matches the hotel" },
      { kind: "text", content: '{"aspect": "castle"}' },
      { kind: "text", content: '{"type": "targeted", "preference": "P99"}' },
      { kind: "text", content: '{"type": "targeted"}' },
      { kind: "text", content: '{"type": "shouting"}' },
      { kind: "malformed", body: "<html>gateway</html>" },
      { kind: "status", status: 500 },
    ]);
    const neutralSearch = { kind: "search", source: "fallback", value: { aspect: null } };
    const neutralUtterance = { kind: "utterance", source: "fallback", value: { type: "unrelated" } };
    const utter = () => sim.judgeUtterance({ scenario, utterance: "x", remaining, history: [] });
    expect(await sim.judgeSearch({ scenario, request: "x" })).toEqual({ ...neutralSearch, fallbackReason: "no JSON object in the reply" });
    expect(await sim.judgeSearch({ scenario, request: "x" })).toEqual({ ...neutralSearch, fallbackReason: "unknown aspect 'castle'" });
    expect(await utter()).toEqual({ ...neutralUtterance, fallbackReason: "targeted preference 'P99' is not among the remaining ones" });
    expect(await utter()).toEqual({ ...neutralUtterance, fallbackReason: "targeted preference '' is not among the remaining ones" });
    expect(await utter()).toMatchObject({ ...neutralUtterance, fallbackReason: expect.stringMatching(/^JSON does not fit: type/) });
    // the malformed body is retried once, then the 500 is the last word
    expect(await utter()).toMatchObject({ ...neutralUtterance, fallbackReason: expect.stringContaining("HTTP 500") });
  });

  test("a targeted preference that is no longer remaining is a fallback", async () => {
    const sim = await simulatorWith([{ kind: "text", content: `{"type": "targeted", "preference": "${byName("washer").id}"}` }]);
    const judgement = await sim.judgeUtterance({ scenario, utterance: "laundry?", remaining: [byName("rated")], history: [] });
    expect(judgement).toMatchObject({ source: "fallback", value: { type: "unrelated" } });
  });

  test("through the env, a fallback is counted and the turn is neutral", async () => {
    const sim = await simulatorWith([{ kind: "text", content: "no idea" }]);
    const env = createEnv(scenario, { simulator: sim });
    await env.reset({ seed: 1 });
    const step = await env.step("[search] apartment in Austin, Nov 10-15, 4 guests");
    expect(step.reward).toBe(0);
    expect(step.info.judgements).toEqual([{ kind: "search", source: "fallback", value: { aspect: null }, fallbackReason: "no JSON object in the reply" }]);
    expect(step.info.counters["simulatorFallbacks"]).toBe(1);
    expect(llmStatsOf(sim)).toMatchObject({ requests: 1, failures: 0 });
  });
});

describe("LLM travel simulator: replays", () => {
  test("a replay-cache miss is not a fallback: it stops the step, naming the request's key", async () => {
    const client = new LlmClient({ endpoint: { baseURL: "http://127.0.0.1:9/v1", apiKey: undefined }, cacheMode: "replay", cacheDir: mkdtempSync(join(tmpdir(), "ubench-empty-")) });
    const sim = createLlmTravelSimulator({ model: "judge", client });
    await expect(sim.judgeSearch({ scenario, request: "x" })).rejects.toThrow(ReplayMismatchError);
    const env = createEnv(scenario, { simulator: sim });
    await env.reset({ seed: 1 });
    await expect(env.step("[action] Do you care about laundry?")).rejects.toThrow(/replay cache has no reply for request [0-9a-f]{64}/);
  });
});

describe("LLM travel simulator: the persona", () => {
  const rng = () => createRng(7);

  test("reveal speaks as the persona, guided by the hint; the prompt knows the needs and forbids stating them", async () => {
    const sim = await simulatorWith((body) => (lastMessage(body).includes("in-unit washer") ? { kind: "text", content: '  Traveller: "Laundry is a nightmare with two kids."  ' } : { kind: "status", status: 400 }));
    const washer = byName("washer");
    const history = [{ action: { choice: "action" as const, content: "Hi there" }, feedback: "Hello!", reward: 0 }, { action: { choice: "search" as const, content: "x" }, feedback: "results", reward: 0 }];
    expect(await sim.reveal({ scenario, preference: washer, utterance: "Any laundry needs?", history, rng: rng() })).toEqual({ text: "Laundry is a nightmare with two kids.", source: "llm" });

    const body = server!.requests[0]!.body;
    const messages = messagesOf(body);
    expect(messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
    const system = messages[0]!.content!;
    for (const p of remaining) expect(system).toContain(p.says[0]);
    expect(system).toContain('never say "my preference is"');
    expect(messages[3]!.content).toContain(washer.hints[0]);
    expect(messages[3]!.content).toContain("Any laundry needs?");
    expect(body["seed"]).toBe(createRng(7).int(2 ** 31));
  });

  test("a failed reveal says nothing (the preference stays hidden); a failed chat falls back to a fixed sentence; both marked", async () => {
    const sim = await simulatorWith([{ kind: "status", status: 400 }, { kind: "text", content: "   " }]);
    const rated = byName("rated");
    expect(await sim.reveal({ scenario, preference: rated, utterance: null, history: [], rng: rng() })).toMatchObject({ text: "", source: "fallback", fallbackReason: expect.stringContaining("HTTP 400") });
    expect(await sim.chat({ scenario, utterance: "Nice weather!", history: [], rng: rng() })).toEqual({ text: NEUTRAL_CHAT_REPLY, source: "fallback", fallbackReason: "empty reply" });
  });

  test("a proactive reveal says so in its instruction", async () => {
    const sim = await simulatorWith([{ kind: "text", content: "By the way, laundry..." }]);
    await sim.reveal({ scenario, preference: byName("washer"), utterance: null, history: [], rng: rng() });
    expect(lastMessage(server!.requests[0]!.body)).toContain("bring one thing up yourself");
  });

  test("cleanReply strips reasoning, speaker labels and wrapping quotes only", () => {
    expect(cleanReply('<think>plan</think>\n"Sounds great."')).toBe("Sounds great.");
    expect(cleanReply("**Traveler:** Sure.")).toBe("Sure.");
    expect(cleanReply("User: fine")).toBe("fine");
    expect(cleanReply("Users: they vary")).toBe("Users: they vary");
    expect(cleanReply('She said "hi" to me')).toBe('She said "hi" to me');
    expect(cleanReply('"One" and "two"')).toBe('"One" and "two"');
  });
});

describe("the simulator from run options", () => {
  test("the user endpoint comes from the environment; sampling from the options", async () => {
    server = await startFakeOpenAI(queue([{ kind: "text", content: "Sure." }]));
    const sim = llmTravelSimulatorFromOptions("persona-model", { temperature: 0.5, max_tokens: 77, retries: 0 }, { UBENCH_USER_BASE_URL: server.url, UBENCH_USER_API_KEY: "user-key", OPENAI_BASE_URL: "http://127.0.0.1:9/v1" });
    expect(sim.spec).toBe("openai:persona-model");
    await sim.chat({ scenario, utterance: "hello", history: [], rng: createRng(1) });
    const request = server.requests[0]!;
    expect(request.headers["authorization"]).toBe("Bearer user-key");
    expect(request.body).toMatchObject({ model: "persona-model", temperature: 0.5, max_tokens: 77 });
  });

  test("bad options fail at construction", () => {
    expect(() => llmTravelSimulatorFromOptions("m", { temprature: 1 }, {})).toThrow(/user simulator 'openai:m': unknown option/);
  });
});
