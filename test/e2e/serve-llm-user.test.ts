import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { TravelScenario } from "../../src/compiler/gyms/travel/ir.js";
import { loadScenarios } from "../../src/runs/scenarios.js";
import { repoRoot, ubc } from "../support/cli.js";
import { lastMessage, messagesOf, startFakeOpenAI, type FakeReply, type FakeServer, type RecordedRequest } from "../support/fake-openai.js";
import { startServeBinary, type ServeProcess } from "../support/serve-binary.js";
import { connectWebSocket as connectClient, http as request, type Json } from "../support/serve-client.js";

/**
 * `ubc serve --user openai:<model>` end to end: the built binary, with its user simulator (the
 * persona and the two judges) behind a local fake OpenAI-compatible server that plays them by
 * reading the requests. Full episodes over HTTP sessions and the OpenEnv WebSocket; the key comes
 * from the environment and must never come back out; an endpoint that fails (500s, garbage) is a
 * clear error for that one session, while the server and the other sessions carry on.
 */

const SCENARIO_FILE = join(repoRoot, "scenarios/travel/austin_family.ubench");
const scenario = loadScenarios([SCENARIO_FILE]).scenarios[0] as unknown as TravelScenario;
const apartment = scenario.aspects.find((a) => a.id === "apartment")!;
const car = scenario.aspects.find((a) => a.id === "rental_car")!;
const washer = apartment.preferences.find((p) => p.name === "washer")!;
const allPreferences = scenario.aspects.flatMap((a) => a.preferences);
const KEY = "sk-serve-e2e-0123456789abcdef";
const MODEL = "fake-model";

// What the agent says, and what the fake user answers: distinctive, so the observations can be traced to the fake.
const SEARCH_APARTMENT = "apartment in Austin, check-in 2025-11-10, check-out 2025-11-15, 4 guests";
const SEARCH_CAR = "rental car in Austin, pick-up 2025-11-10, drop-off 2025-11-15";
// No cue word of any preference: only the (fake) LLM judge can tell it targets the washer.
const TARGETED = "Will the little ones make a mess of their outfits every day?";
const SMALL_TALK = "Austin is lovely in November!";
const PERSONA_REVEAL = "FAKE-USER: two kids and five days, and I am not spending an evening at a laundromat.";
const PERSONA_CHAT = "FAKE-USER: it really is, we can't wait.";

/** The plan of a full episode: each action and the step reward its judgement implies. */
const PLAN: { action: string; reward: number; feedback?: string }[] = [
  { action: `[search] ${SEARCH_APARTMENT}`, reward: scenario.rewards.search, feedback: apartment.best },
  { action: `[action] ${TARGETED}`, reward: scenario.rewards.elicit, feedback: PERSONA_REVEAL },
  { action: `[action] ${SMALL_TALK}`, reward: 0, feedback: PERSONA_CHAT },
  { action: `[answer] ${apartment.best}`, reward: scenario.rewards.best },
  { action: `[search] ${SEARCH_CAR}`, reward: scenario.rewards.search, feedback: car.best },
  { action: `[answer] ${car.best}`, reward: scenario.rewards.best },
];
const EXPECTED_RETURN = PLAN.reduce((sum, step) => sum + step.reward, 0);

/** Utterances that make the fake misbehave, for the failure tests. */
const FAIL_500 = "FAULT-500: which floor is it on?";
const FAIL_GARBAGE_BODY = "FAULT-BODY: is there a crib?";
const FAIL_GARBAGE_TEXT = "FAULT-TEXT: any noise at night?";
/** Small talk the persona answers with the key in it (a gateway that leaks it into the reply). */
const ECHO = "ECHO: what a week that will be!";

function play(body: Record<string, unknown>): FakeReply {
  const prompt = lastMessage(body);
  if (prompt.startsWith("You check a search request")) {
    if (prompt.includes("check-in 2025-11-10")) return { kind: "text", content: '```json\n{"aspect": "apartment"}\n```' };
    if (prompt.includes("pick-up 2025-11-10")) return { kind: "text", content: '{"aspect": "rental_car"}' };
    return { kind: "text", content: '{"aspect": null}' };
  }
  if (prompt.startsWith("You classify one message")) {
    // The failures echo the key, as a careless gateway might: it must not come back out of ubc serve.
    if (prompt.includes("FAULT-500")) return { kind: "status", status: 500, body: JSON.stringify({ error: { message: `internal error for key ${KEY}` } }) };
    if (prompt.includes("FAULT-BODY")) return { kind: "malformed", body: `<html>502 bad gateway ${KEY}</html>` };
    if (prompt.includes("FAULT-TEXT")) return { kind: "text", content: `I would rather not answer in JSON today (${KEY}).` };
    if (prompt.includes(TARGETED)) return { kind: "text", content: `It is targeted: {"type": "targeted", "preference": "${washer.id}"}` };
    return { kind: "text", content: '{"type": "unrelated"}' };
  }
  // The persona: a reveal carries the need it must hint at; anything else is small talk.
  if (prompt.includes(ECHO)) return { kind: "text", content: `FAKE-USER: sure. Debug: Authorization: ${KEY}` };
  return { kind: "text", content: prompt.includes(washer.says[0]!) ? PERSONA_REVEAL : PERSONA_CHAT };
}

/** Everything the server sent back, raw, to check for the key: every request and socket below records it. */
const received: string[] = [];
const record = { onReceive: (raw: string) => void received.push(raw) };
const http = (base: string, method: string, path: string, body?: unknown) => request(base, method, path, body, record);
const connect = (base: string) => connectClient(base, record);

/** The requests the fake got for one utterance or search text (judge and persona calls alike). */
function requestsAbout(requests: readonly RecordedRequest[], text: string): RecordedRequest[] {
  return requests.filter((r) => messagesOf(r.body).some((m) => typeof m.content === "string" && m.content.includes(text)));
}

let fake: FakeServer;
let serve: ServeProcess;
let url: string;

beforeAll(async () => {
  fake = await startFakeOpenAI(play);
  const dir = mkdtempSync(join(tmpdir(), "ubench-serve-llm-"));
  const config = join(dir, "run.yaml");
  // The same run config ubc eval reads: the persona's temperature and quick retries (eval's user_options keys).
  writeFileSync(config, "user_options:\n  temperature: 0.4\n  max_retries: 1\n  backoff_base_ms: 5\n  timeout: 10\n");
  const env: NodeJS.ProcessEnv = { ...process.env, UBENCH_USER_API_KEY: KEY, NO_COLOR: "1" };
  for (const name of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "UBENCH_USER_BASE_URL", "UBENCH_SERVE_TOKEN"]) delete env[name];
  serve = await startServeBinary(["serve", SCENARIO_FILE, "--port", "0", "--user", `openai:${MODEL}`, "--user-base-url", fake.url, "--config", config], { cwd: dir, env });
  url = serve.url;
});

afterAll(async () => {
  await serve?.stop();
  await fake?.close();
});

describe("ubc serve --user openai:<model>", () => {
  test("the start-up line names the user simulator and its endpoint", () => {
    expect(serve.stdout()).toContain(`user openai:${MODEL} at ${fake.url}`);
  });

  test("a full episode over HTTP sessions: the fake user's replies reach the agent, rewards follow its judgements", async () => {
    const before = fake.requests.length;
    const created = await http(url, "POST", "/sessions", { scenario_id: scenario.id, seed: 11 });
    expect(created.status).toBe(200);
    const id = created.json.session_id as string;
    let total = 0;
    let last: Json = {};
    for (const step of PLAN) {
      const reply = await http(url, "POST", `/sessions/${id}/step`, { action: step.action });
      expect(reply.status, step.action).toBe(200);
      expect(reply.json.reward, step.action).toBeCloseTo(step.reward, 9);
      if (step.feedback) expect(reply.json.observation.feedback, step.action).toContain(step.feedback);
      total += reply.json.reward as number;
      last = reply.json;
    }
    if (!last.done) last = (await http(url, "POST", `/sessions/${id}/step`, { action: "[finish]" })).json;
    expect(last.done).toBe(true);
    expect(total).toBeCloseTo(EXPECTED_RETURN, 9);
    const reward = await http(url, "GET", `/sessions/${id}/reward`);
    expect(reward.json).toMatchObject({ done: true, score: 1, error: null });
    expect(reward.json.return).toBeCloseTo(EXPECTED_RETURN, 9);
    expect((await http(url, "DELETE", `/sessions/${id}`)).json).toEqual({ released: true });

    // What the fake got: every request for our model, with the key from the environment.
    const requests = fake.requests.slice(before);
    expect(requests.length).toBeGreaterThanOrEqual(6);
    for (const r of requests) {
      expect(r.url).toBe("/v1/chat/completions");
      expect(r.body.model).toBe(MODEL);
      expect(r.headers.authorization).toBe(`Bearer ${KEY}`);
    }
    // The persona's requests carry the scenario's hidden preferences, and the need to hint at.
    const reveal = requestsAbout(requests, TARGETED).find((r) => messagesOf(r.body)[0]?.role === "system")!;
    expect(reveal).toBeDefined();
    const persona = messagesOf(reveal.body)[0]!.content!;
    for (const p of allPreferences) expect(persona).toContain(p.says[0]);
    expect(lastMessage(reveal.body)).toContain(washer.says[0]);
    expect(reveal.body.temperature).toBe(0.4);
    // The utterance judge sees the untold needs by id; judges sample at 0 whatever the persona's temperature.
    const judge = requestsAbout(requests, TARGETED).find((r) => lastMessage(r.body).startsWith("You classify one message"))!;
    expect(lastMessage(judge.body)).toContain(`${washer.id} (apartment`);
    expect(judge.body.temperature).toBe(0);
    // The small talk reached the persona with the earlier exchange as its memory.
    const chat = requestsAbout(requests, SMALL_TALK).find((r) => messagesOf(r.body)[0]?.role === "system")!;
    expect(messagesOf(chat.body).map((m) => m.content)).toEqual(expect.arrayContaining([TARGETED, PERSONA_REVEAL]));
  });

  test("a full episode over the OpenEnv WebSocket", async () => {
    const client = await connect(url);
    const reset = await client.send({ type: "reset", data: { scenario_id: scenario.id, seed: 12, episode_id: "llm-ws" } });
    expect(reset).toMatchObject({ type: "observation", data: { reward: null, done: false, observation: { scenario_id: scenario.id, turn: 0 } } });
    let total = 0;
    let done = false;
    for (const step of PLAN) {
      const reply = await client.send({ type: "step", data: step.action });
      expect(reply.type, step.action).toBe("observation");
      expect(reply.data.reward, step.action).toBeCloseTo(step.reward, 9);
      if (step.feedback) expect(reply.data.observation.feedback, step.action).toContain(step.feedback);
      total += reply.data.reward as number;
      done = reply.data.done as boolean;
    }
    if (!done) done = (await client.send({ type: "step", data: "[finish]" })).data.done as boolean;
    expect(done).toBe(true);
    expect(total).toBeCloseTo(EXPECTED_RETURN, 9);
    const state = await client.send({ type: "state" });
    expect(state.data).toMatchObject({ episode_id: "llm-ws", done: true, error: null });
    expect(state.data.return).toBeCloseTo(EXPECTED_RETURN, 9);
    client.ws.send(JSON.stringify({ type: "close" }));
    expect(await client.closed).toBe(1000);
  });

  test("500s from the endpoint: a clear error for that session only; the server and a concurrent session carry on", async () => {
    const broken = (await http(url, "POST", "/sessions", { scenario_id: scenario.id, seed: 21 })).json.session_id as string;
    const healthy = (await http(url, "POST", "/sessions", { scenario_id: scenario.id, seed: 22 })).json.session_id as string;
    const before = fake.requests.length;
    const [failed, fine] = await Promise.all([
      http(url, "POST", `/sessions/${broken}/step`, { action: `[action] ${FAIL_500}` }),
      http(url, "POST", `/sessions/${healthy}/step`, { action: `[action] ${TARGETED}` }),
    ]);
    expect(failed.status).toBe(502);
    expect(failed.json.error.code).toBe("EXECUTION_ERROR");
    expect(failed.json.error.message).toMatch(/user simulator failed/);
    expect(failed.json.error.message).toContain("HTTP 500");
    expect(failed.json.error.message).toMatch(/reset to start another/);
    // One try and the configured single retry (user_options.max_retries from --config).
    expect(requestsAbout(fake.requests.slice(before), FAIL_500)).toHaveLength(2);
    expect(fine).toMatchObject({ status: 200, json: { observation: { feedback: expect.stringContaining(PERSONA_REVEAL) } } });
    expect(fine.json.reward).toBeCloseTo(scenario.rewards.elicit, 9);

    // The broken episode is over, and says why; the healthy one plays on.
    const next = await http(url, "POST", `/sessions/${broken}/step`, { action: `[search] ${SEARCH_APARTMENT}` });
    expect(next).toMatchObject({ status: 409, json: { error: { code: "SESSION_ERROR", message: expect.stringContaining("abandoned") } } });
    expect((await http(url, "GET", `/sessions/${broken}/reward`)).json).toMatchObject({ done: true, error: expect.stringContaining("HTTP 500") });
    expect((await http(url, "GET", `/sessions/${broken}/state`)).json).toMatchObject({ step_count: 1, done: true, error: expect.stringContaining("utterance") });
    const search = await http(url, "POST", `/sessions/${healthy}/step`, { action: `[search] ${SEARCH_APARTMENT}` });
    expect(search.status).toBe(200);
    expect(search.json.reward).toBeCloseTo(scenario.rewards.search, 9);

    // Garbage content (a completion that is not the judge's JSON) is a failure of the same kind.
    const garbled = (await http(url, "POST", "/sessions", { scenario_id: scenario.id, seed: 23 })).json.session_id as string;
    const text = await http(url, "POST", `/sessions/${garbled}/step`, { action: `[action] ${FAIL_GARBAGE_TEXT}` });
    expect(text).toMatchObject({ status: 502, json: { error: { code: "EXECUTION_ERROR", message: expect.stringContaining("no JSON object in the reply") } } });
    for (const id of [broken, healthy, garbled]) await http(url, "DELETE", `/sessions/${id}`);
    expect(serve.child.exitCode).toBeNull();
    expect((await http(url, "GET", "/health")).json).toEqual({ status: "healthy" });
  });

  test("--on-step-error end: a failed LLM call ends the episode as a step with reward 0, as UserRL's verl tool does", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, UBENCH_USER_API_KEY: KEY, NO_COLOR: "1" };
    for (const name of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "UBENCH_USER_BASE_URL", "UBENCH_SERVE_TOKEN"]) delete env[name];
    const config = join(mkdtempSync(join(tmpdir(), "ubench-serve-end-")), "run.yaml");
    writeFileSync(config, "user_options:\n  max_retries: 1\n  backoff_base_ms: 5\n");
    const ending = await startServeBinary(["serve", SCENARIO_FILE, "--port", "0", "--user", `openai:${MODEL}`, "--user-base-url", fake.url, "--config", config, "--on-step-error", "end", "--step-timeout", "30"], { env });
    try {
      const id = (await http(ending.url, "POST", "/sessions", { scenario_id: scenario.id, seed: 41 })).json.session_id as string;
      expect((await http(ending.url, "POST", `/sessions/${id}/step`, { action: `[search] ${SEARCH_APARTMENT}` })).json.reward).toBeCloseTo(scenario.rewards.search, 9);
      const failed = await http(ending.url, "POST", `/sessions/${id}/step`, { action: `[action] ${FAIL_500}` });
      expect(failed).toMatchObject({ status: 200, json: { reward: 0, done: true, observation: { feedback: expect.stringContaining("user simulator failed") } } });
      // The failed step earned nothing; the reason stays on record for the trainer to filter on.
      const reward = (await http(ending.url, "GET", `/sessions/${id}/reward`)).json;
      expect(reward.return).toBeCloseTo(scenario.rewards.search, 9);
      expect(reward).toMatchObject({ done: true, error: expect.stringContaining("HTTP 500") });
      expect((await http(ending.url, "POST", `/sessions/${id}/step`, { action: "[finish]" })).status).toBe(409);
    } finally {
      expect(await ending.stop()).toBe(0);
    }
    expect(ending.stdout() + ending.stderr()).not.toContain(KEY);
  });

  test("a garbage body over the WebSocket: an error frame, the socket stays open, and a reset plays again", async () => {
    const client = await connect(url);
    await client.send({ type: "reset", data: { scenario_id: scenario.id, seed: 31 } });
    const failed = await client.send({ type: "step", data: `[action] ${FAIL_GARBAGE_BODY}` });
    expect(failed).toMatchObject({ type: "error", data: { code: "EXECUTION_ERROR", message: expect.stringMatching(/user simulator failed.*malformed reply/) } });
    expect((await client.send({ type: "step", data: "[finish]" })).data).toMatchObject({ code: "SESSION_ERROR", message: expect.stringContaining("abandoned") });
    expect((await client.send({ type: "state" })).data).toMatchObject({ done: true, error: expect.stringContaining("malformed reply") });
    const again = await client.send({ type: "reset", data: { scenario_id: scenario.id, seed: 32 } });
    expect(again).toMatchObject({ type: "observation", data: { done: false } });
    const step = await client.send({ type: "step", data: `[action] ${TARGETED}` });
    expect(step).toMatchObject({ type: "observation", data: { observation: { feedback: expect.stringContaining(PERSONA_REVEAL) } } });
    expect((await client.send({ type: "state" })).data).toMatchObject({ step_count: 1, error: null });
    client.ws.close();
    await client.closed;
  });

  test("--mcp-stdio: a key echoed by the endpoint into the user's words is redacted from the tool's result", async () => {
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(process.env)) if (value !== undefined && !["OPENAI_API_KEY", "OPENAI_BASE_URL", "UBENCH_USER_BASE_URL"].includes(name)) env[name] = value;
    env.UBENCH_USER_API_KEY = KEY;
    const transport = new StdioClientTransport({ command: process.execPath, args: [join(repoRoot, "bin/ubc.js"), "serve", SCENARIO_FILE, "--mcp-stdio", "--user", `openai:${MODEL}`, "--user-base-url", fake.url], env, stderr: "pipe" });
    const client = new Client({ name: "e2e", version: "1.0.0" });
    await client.connect(transport);
    try {
      await client.callTool({ name: "start_episode", arguments: { scenario_id: scenario.id, seed: 51 } });
      const echoed = await client.callTool({ name: "interact_with_env", arguments: { choice: "action", content: ECHO } });
      const text = JSON.stringify(echoed);
      expect(text).toContain("FAKE-USER: sure.");
      expect(text).toContain("[redacted]");
      expect(text).not.toContain(KEY);
    } finally {
      await client.close();
    }
  });

  test("a key echoed by the endpoint into the user's words is redacted from the observation", async () => {
    const id = (await http(url, "POST", "/sessions", { scenario_id: scenario.id, seed: 41 })).json.session_id as string;
    const step = await http(url, "POST", `/sessions/${id}/step`, { action: `[action] ${ECHO}` });
    expect(step.status).toBe(200);
    expect(step.json.observation.feedback).toContain("FAKE-USER: sure. Debug: Authorization: [redacted]");
    await http(url, "DELETE", `/sessions/${id}`);
  });

  test("the API key never leaves the server: not on stdout or stderr, not in any reply", async () => {
    // Make sure the key was in play (the fake saw it, and echoed it in its failures) before checking it never came out.
    expect(fake.requests.some((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
    expect(received.length).toBeGreaterThan(20);
    expect(await serve.stop()).toBe(0);
    for (const text of [serve.stdout(), serve.stderr(), ...received]) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(KEY.slice(3));
    }
  });
});

describe("ubc serve: user simulator usage errors", () => {
  test("a bad --user spec, a bad option in --config or a missing --config exits 2 before listening, saying why", () => {
    const bad = ubc(["serve", SCENARIO_FILE, "--port", "0", "--user", "oracle"]);
    expect(bad).toMatchObject({ code: 2, stdout: "" });
    expect(bad.stderr).toContain("unknown user simulator 'oracle'");
    const dir = mkdtempSync(join(tmpdir(), "ubench-serve-config-"));
    const config = join(dir, "run.yaml");
    writeFileSync(config, "user: openai:m\nagent: scripted:oracle\nset: [rewards.elicit=0.5]\nuser_options:\n  temprature: 0.2\n");
    const option = ubc(["serve", SCENARIO_FILE, "--port", "0", "--config", config]);
    expect(option).toMatchObject({ code: 2, stdout: "" });
    expect(option.stderr).toContain("ignoring agent, set");
    expect(option.stderr).toMatch(/user simulator 'openai:m': unknown option\(s\) temprature/);
    const missing = ubc(["serve", SCENARIO_FILE, "--config", join(dir, "nope.yaml")]);
    expect(missing).toMatchObject({ code: 2, stdout: "" });
    expect(missing.stderr).toContain("no such file");
  });
});
