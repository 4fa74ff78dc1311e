// LLM-side throughput: how close the LLM client (and whole episodes on top of it) come to the
// ideal rate against a server with a fixed latency. With L seconds per request and C requests
// in flight, nothing can beat C / L requests per second; we report the achieved fraction of that
// bound (target > 90%).
//   1. requests:  N chat requests at concurrency 64 through one LlmClient (cache off);
//   2. episodes:  full travel episodes (OpenAI-compatible agent, LLM user simulator, rollout), 64
//                 at once (cache off). An episode's calls are sequential and episodes differ in
//                 length, so here the bound is the makespan of a perfect client (every call takes
//                 exactly the latency, nothing else takes time) under the same scheduling: the
//                 episodes in order, each starting when one of the 64 slots frees;
//   3. recording: the same episodes with cache read-write (identical judge calls across trials
//                 are then answered by the cache, so fewer requests are sent);
//   4. replay:    the same episodes from that cache with the server gone: no request, and the
//                 records must be byte-equal to 3 (and to 2: the cache must not change episodes);
//   5. ubc eval:  the built binary with default flags but --concurrency 64 (LLM agent and user, no
//                 client setting: the clients' limits follow --concurrency): requests per second
//                 at the server, from its first request to its last reply, against C / L.
// The server is a local fake (node:http) with a fixed latency that plays the policy (the oracle's
// plan), exact judges and a terse persona. It runs in a worker thread (this same file), so its own
// work does not share the client's event loop; it is inlined because benchmarks run the built
// dist/ with plain node, without the TypeScript test support. The machine's other load shows in
// the figures: on 2 cores, the client, the server and anything else running share them.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import pLimit from "p-limit";
import { compileSources } from "../dist/compiler/compile.js";
import { openAIAgentFromOptions } from "../dist/runtime/agents/openai-agent.js";
import { oraclePlan } from "../dist/runtime/gyms/travel/plans.js";
import { createEnv } from "../dist/runtime/environment.js";
import { matchSearch } from "../dist/runtime/gyms/travel/builtin-simulator.js";
import { llmTravelSimulatorFromOptions } from "../dist/runtime/gyms/travel/llm-simulator.js";
import { searchJudgePrompt, travelAgentSystemPrompt } from "../dist/runtime/gyms/travel/prompts.js";
import { LlmClient } from "../dist/runtime/llm/client.js";
import { episodeSeed } from "../dist/runtime/rng.js";
import { runEpisode } from "../dist/runtime/rollout.js";

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 6000);
const EPISODES = Number(process.env.BENCH_EPISODES ?? 256);
const EVAL_EPISODES = Number(process.env.BENCH_EVAL_EPISODES ?? 1024);
const TARGET = 0.9;
const CHOICES = ["search", "action", "answer", "finish"];

const folder = new URL("../scenarios/travel/", import.meta.url).pathname;
const sources = readdirSync(folder)
  .filter((f) => f.endsWith(".ubench"))
  .sort() // as ubc eval orders a folder's files
  .map((f) => ({ path: join(folder, f), text: readFileSync(join(folder, f), "utf8") }));
const scenarios = compileSources(sources).scenarios.map((s) => s.ir);

if (isMainThread) await main();
else await serve(workerData.latencyMs);

// ── the fake server (worker thread) ─────────────────────────────────────────────────────────

function completion(message) {
  return JSON.stringify({
    id: "chatcmpl-bench",
    object: "chat.completion",
    created: 0,
    model: "fake",
    choices: [{ index: 0, message, finish_reason: "stop" }],
    usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
  });
}

async function serve(latencyMs) {
  // What the fake model needs to recognise a scenario from a request.
  const byOpening = new Map(scenarios.flatMap((s) => s.opening.map((o) => [o, s])));
  const plans = new Map(scenarios.map((s) => [s, oraclePlan(s)]));
  const bySearchPrompt = new Map(scenarios.map((s) => [searchJudgePrompt(s, "").split("The request:")[0], s]));

  /** The oracle as the policy, exact judges, a terse persona. */
  const answer = (body) => {
    const messages = body.messages ?? [];
    const last = messages.at(-1)?.content ?? "";
    if (Array.isArray(body.tools) && body.tools.length > 0) {
      const scenario = byOpening.get(messages[1]?.content);
      const turn = messages.filter((m) => m.role === "assistant").length;
      const action = (scenario && plans.get(scenario)[turn]) ?? { choice: "finish", content: "" };
      const args = JSON.stringify({ choice: action.choice, content: action.content });
      return completion({ role: "assistant", content: null, tool_calls: [{ id: `call_${turn}`, type: "function", function: { name: "interact_with_env", arguments: args } }] });
    }
    if (last.startsWith("You check a search request")) {
      const [prefix, rest] = last.split("The request:");
      const scenario = bySearchPrompt.get(prefix);
      const request = JSON.parse(rest.trim().split("\n")[0]);
      return completion({ role: "assistant", content: JSON.stringify({ aspect: scenario ? matchSearch(scenario, request).aspect : null }) });
    }
    if (last.startsWith("You classify one message")) {
      // The oracle asks about the needs in id order, so the first untold need is the one asked about.
      const first = /^- (P\d+) \(/m.exec(last);
      return completion({ role: "assistant", content: JSON.stringify(first ? { type: "targeted", preference: first[1] } : { type: "unrelated" }) });
    }
    return completion({ role: "assistant", content: "Honestly, that would make the trip a lot easier for us." });
  };

  // What the eval level reads: requests served, the first one's arrival and the last reply's end.
  let served = { requests: 0, first: 0, last: 0 };
  parentPort.on("message", (message) => {
    if (message === "reset") served = { requests: 0, first: 0, last: 0 };
    if (message === "stats") parentPort.postMessage(served);
  });
  const server = createServer((req, res) => {
    // ubc eval's preflight: one GET /models per endpoint before the run starts (not counted).
    if (req.method === "GET") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ object: "list", data: [{ id: "policy", object: "model" }, { id: "user", object: "model" }] }));
      return;
    }
    if (served.requests++ === 0) served.first = performance.now();
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const reply = answer(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      setTimeout(() => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(reply);
        served.last = performance.now();
      }, latencyMs);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  parentPort.postMessage(server.address().port);
}

// ── the measurements (main thread) ──────────────────────────────────────────────────────────

async function startServer(latencyMs) {
  const worker = new Worker(new URL(import.meta.url), { workerData: { latencyMs } });
  const port = await new Promise((resolve, reject) => worker.once("message", resolve).once("error", reject));
  const ask = (message) => new Promise((resolve) => worker.once("message", resolve).postMessage(message));
  return { url: `http://127.0.0.1:${port}/v1`, close: () => worker.terminate(), reset: () => worker.postMessage("reset"), served: () => ask("stats") };
}

/** `ubc eval` as a user runs it: only --concurrency is set among the throughput settings. */
async function evalLevel(server) {
  const out = mkdtempSync(join(tmpdir(), "ubench-bench-eval-"));
  const trials = Math.ceil(EVAL_EPISODES / scenarios.length);
  const args = ["eval", folder, "--agent", "openai:policy", "--user", "openai:user", "--agent-base-url", server.url, "--user-base-url", server.url, "--concurrency", String(CONCURRENCY), "--trials", String(trials), "--out", join(out, "run")];
  const env = { ...process.env, UBENCH_AGENT_API_KEY: "bench", UBENCH_USER_API_KEY: "bench", NO_COLOR: "1" };
  server.reset();
  try {
    const code = await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [new URL("../bin/ubc.js", import.meta.url).pathname, ...args], { env, stdio: ["ignore", "ignore", "ignore"] });
      child.once("error", reject).once("close", resolve);
    });
    const served = await server.served();
    // The episodes in the order ubc eval starts them (scenario by scenario, trial by trial), for the perfect client's makespan.
    const order = new Map(scenarios.map((s, i) => [s.id, i]));
    const text = code === 0 ? readFileSync(join(out, "run", "episodes.jsonl"), "utf8") : "";
    const records = text.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l)).sort((a, b) => order.get(a.scenarioId) - order.get(b.scenarioId) || a.trial - b.trial);
    return { code, records, episodes: trials * scenarios.length, requests: served.requests, seconds: (served.last - served.first) / 1000 };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function requestsLevel(url) {
  const client = new LlmClient({ endpoint: { baseURL: url, apiKey: "bench" }, concurrency: CONCURRENCY, timeoutMs: 10_000 });
  const ask = (i) => client.chat({ model: "fake", messages: [{ role: "user", content: `question ${i}` }], temperature: 0 });
  await Promise.all(Array.from({ length: 3000 }, (_, i) => ask(-i - 1))); // warm up the connections and the JIT
  const start = performance.now();
  await Promise.all(Array.from({ length: REQUESTS }, (_, i) => ask(i)));
  const seconds = (performance.now() - start) / 1000;
  client.close();
  return { seconds, requests: REQUESTS };
}

async function episodesLevel(url, cache, cacheDir) {
  const env = { UBENCH_AGENT_BASE_URL: url, UBENCH_USER_BASE_URL: url, OPENAI_API_KEY: cache === "replay" ? undefined : "bench" };
  const common = { cache, cacheDir, concurrency: CONCURRENCY, timeoutMs: 10_000 };
  const agent = openAIAgentFromOptions("policy", common, env);
  const simulator = llmTravelSimulatorFromOptions("user", common, env);
  const limit = pLimit(CONCURRENCY);
  const systemPrompt = travelAgentSystemPrompt(CHOICES);
  const start = performance.now();
  const records = await Promise.all(
    Array.from({ length: EPISODES }, (_, i) => {
      const scenario = scenarios[i % scenarios.length];
      const trial = Math.floor(i / scenarios.length);
      const seed = episodeSeed(0, scenario.id, trial);
      return limit(() => runEpisode({ env: createEnv(scenario, { simulator }), agent, scenario, seed, trial, user: simulator.spec, systemPrompt }));
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  agent.llm.close();
  simulator.llm.close();
  const stats = [agent.llm.stats, simulator.llm.stats];
  return { seconds, records, requests: stats.reduce((n, s) => n + s.requests, 0), cacheHits: stats.reduce((n, s) => n + s.cacheHits, 0) };
}

/** LLM calls of one episode, from its record: one per agent turn, one per simulator judgement or text. */
function callsOf(record) {
  const simulatorCalls = record.turns.flatMap((t) => t.judgements).filter((j) => ["search", "utterance", "reveal", "chat"].includes(j.kind) && j.source !== "rule");
  return record.turns.length + simulatorCalls.length;
}

/** The makespan of a perfect client: episodes in order into the first free of CONCURRENCY slots. */
function idealSeconds(records) {
  const slots = new Array(Math.min(CONCURRENCY, records.length)).fill(0);
  for (const record of records) {
    const earliest = slots.indexOf(Math.min(...slots));
    slots[earliest] += (callsOf(record) * LATENCY_MS) / 1000;
  }
  return Math.max(...slots);
}

async function main() {
  const bound = CONCURRENCY / (LATENCY_MS / 1000);
  const pct = (x) => `${(100 * x).toFixed(1)}%`;
  const verdict = (fraction) => `${pct(fraction)} of the bound  ${fraction > TARGET ? "ok" : "MISSED"}`;
  const episodes = (run) => `${EPISODES} episodes (${run.records.reduce((n, e) => n + e.turnCount, 0)} turns) in ${run.seconds.toFixed(2)} s, ${(EPISODES / run.seconds).toFixed(1)} episodes/s`;

  const server = await startServer(LATENCY_MS);
  const cacheDir = mkdtempSync(join(tmpdir(), "ubench-bench-cache-"));
  try {
    console.log(`LLM throughput: fake server with ${LATENCY_MS} ms per request, concurrency ${CONCURRENCY}: bound ${Math.round(bound)} requests/s, target > ${pct(TARGET)} of it`);
    const requests = await requestsLevel(server.url);
    const perSecond = requests.requests / requests.seconds;
    console.log(`  ${"requests".padEnd(10)} ${requests.requests} in ${requests.seconds.toFixed(2)} s: ${Math.round(perSecond)} requests/s = ${verdict(perSecond / bound)}`);

    const off = await episodesLevel(server.url, "off", cacheDir);
    const ideal = idealSeconds(off.records);
    console.log(`  ${"episodes".padEnd(10)} ${episodes(off)}, ${off.requests} requests (${Math.round(off.requests / off.seconds)}/s)`);
    console.log(`  ${"".padEnd(10)} a perfect client: ${ideal.toFixed(2)} s (same calls at ${LATENCY_MS} ms each, ${CONCURRENCY} episodes at once) = ${verdict(ideal / off.seconds)}`);
    const success = off.records.filter((e) => e.success).length;
    const errors = off.records.filter((e) => e.status === "error").length;
    const fallbacks = off.records.reduce((n, e) => n + e.simulatorFallbacks, 0);
    console.log(`  ${"".padEnd(10)} ${scenarios.length} scenarios; oracle successes ${success}/${EPISODES}, agent errors ${errors}, simulator fallbacks ${fallbacks}`);

    const evaluated = await evalLevel(server);
    const evalRate = evaluated.requests / evaluated.seconds;
    console.log(
      `  ${"ubc eval".padEnd(10)} ${evaluated.episodes} episodes, --concurrency ${CONCURRENCY} and default flags: ${evaluated.requests} requests in ${evaluated.seconds.toFixed(2)} s at the server: ` +
        `${Math.round(evalRate)} requests/s = ${verdict(evalRate / bound)}${evaluated.code === 0 ? "" : ` (ubc eval exited ${evaluated.code})`}`,
    );
    if (evaluated.code !== 0) process.exitCode = 1;
    else {
      const evalIdeal = idealSeconds(evaluated.records);
      console.log(`  ${"".padEnd(10)} a perfect client: ${evalIdeal.toFixed(2)} s (the same episodes, started in the same order) = ${pct(evalIdeal / evaluated.seconds)} of that`);
    }

    const recording = await episodesLevel(server.url, "read-write", cacheDir);
    console.log(`  ${"recording".padEnd(10)} ${episodes(recording)}, ${recording.requests} requests + ${recording.cacheHits} calls answered by the cache (cache read-write)`);

    await server.close();
    const replay = await episodesLevel(server.url, "replay", cacheDir);
    const same = JSON.stringify(replay.records) === JSON.stringify(recording.records) && JSON.stringify(off.records) === JSON.stringify(recording.records);
    console.log(
      `  ${"replay".padEnd(10)} ${EPISODES} episodes from the cache in ${replay.seconds.toFixed(2)} s: ${Math.round(EPISODES / replay.seconds)} episodes/s, ` +
        `${replay.requests} requests, ${replay.cacheHits} cached calls; records ${same ? "byte-equal to the live runs" : "DIFFER from the live runs"}`,
    );
    if (!same || replay.requests !== 0) process.exitCode = 1;
  } finally {
    await server.close();
    rmSync(cacheDir, { recursive: true, force: true });
  }
}
