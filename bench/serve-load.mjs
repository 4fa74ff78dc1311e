// `ubc serve` under load: 64 concurrent sessions from a local client against the built binary in
// its own process, with the built-in simulator. Each session plays the oracle's plan of a travel
// scenario (rendered to text up front), resetting when an episode ends. Prints steps/s and the
// p50/p99 step latency over WebSocket (OpenEnv) and over plain HTTP sessions; never asserts.
// Target (issue 6): more than 5,000 steps/s and p99 under 20 ms at 64 sessions.
import { spawn } from "node:child_process";
import { Agent, request } from "node:http";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import WebSocket from "ws";
import { compileSources } from "../dist/compiler/compile.js";
import { renderAction } from "../dist/runtime/actions.js";
import { oraclePlan } from "../dist/runtime/gyms/travel/plans.js";

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 64);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const root = new URL("..", import.meta.url).pathname;
const folder = join(root, "scenarios/travel");
const files = readdirSync(folder).filter((f) => f.endsWith(".ubench"));
const scenarios = compileSources(files.map((f) => ({ path: join(folder, f), text: readFileSync(join(folder, f), "utf8") }))).scenarios.map((s) => s.ir);
const plans = scenarios.map((s) => ({ id: s.id, actions: [...oraclePlan(s).map(renderAction), "[finish]"] }));

const server = spawn(process.execPath, [join(root, "bin/ubc.js"), "serve", folder, "--port", "0", "--max-sessions", String(SESSIONS + 8)], { stdio: ["ignore", "pipe", "inherit"] });
const url = await new Promise((resolve, reject) => {
  let out = "";
  server.stdout.on("data", (chunk) => {
    out += chunk;
    const m = /listening on (http:\/\/\S+)/.exec(out);
    if (m) resolve(m[1]);
  });
  server.once("exit", (code) => reject(new Error(`ubc serve exited with ${code}`)));
});

function percentile(sorted, p) {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

function report(label, latencies, seconds) {
  latencies.sort((a, b) => a - b);
  const rate = latencies.length / seconds;
  console.log(`${label}: ${SESSIONS} sessions, ${latencies.length} steps in ${seconds.toFixed(1)} s: ${Math.round(rate)} steps/s, p50 ${percentile(latencies, 0.5).toFixed(2)} ms, p99 ${percentile(latencies, 0.99).toFixed(2)} ms (targets: >5000 steps/s, p99 <20 ms)`);
}

async function wsWorker(index, deadline, latencies) {
  const ws = new WebSocket(url.replace(/^http/, "ws") + "/ws");
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  let pending;
  ws.on("message", (raw) => pending(JSON.parse(raw.toString())));
  const call = (message) =>
    new Promise((resolve) => {
      pending = resolve;
      ws.send(JSON.stringify(message));
    });
  let episode = index;
  while (performance.now() < deadline) {
    const plan = plans[episode % plans.length];
    await call({ type: "reset", data: { scenario_id: plan.id, seed: episode++ } });
    for (const action of plan.actions) {
      const start = performance.now();
      const reply = await call({ type: "step", data: action });
      latencies.push(performance.now() - start);
      if (reply.type !== "observation") throw new Error(JSON.stringify(reply));
      if (reply.data.done || performance.now() >= deadline) break;
    }
  }
  // Wait for the closing handshake: the server frees the session on it, and the next phase's
  // 64 sessions would otherwise find the server still at capacity.
  await new Promise((resolve) => {
    ws.once("close", resolve);
    ws.close();
  });
}

// node:http with keep-alive: fetch (undici) costs the client more CPU than the server spends.
const agent = new Agent({ keepAlive: true, maxSockets: SESSIONS });
function post(method, path, body) {
  return new Promise((resolve, reject) => {
    const text = body === undefined ? "" : JSON.stringify(body);
    const req = request(url + path, { method, agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(text) } }, (res) => {
      let data = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (data += chunk));
      res.on("end", () => resolve(JSON.parse(data)));
    });
    req.on("error", reject);
    req.end(text);
  });
}

async function httpWorker(index, deadline, latencies) {
  let episode = index;
  while (performance.now() < deadline) {
    const plan = plans[episode % plans.length];
    const created = await post("POST", "/sessions", { scenario_id: plan.id, seed: episode++ });
    if (!created.session_id) throw new Error(`POST /sessions: ${JSON.stringify(created)}`);
    for (const action of plan.actions) {
      const start = performance.now();
      const reply = await post("POST", `/sessions/${created.session_id}/step`, { action });
      latencies.push(performance.now() - start);
      if (reply.error) throw new Error(JSON.stringify(reply));
      if (reply.done || performance.now() >= deadline) break;
    }
    await post("DELETE", `/sessions/${created.session_id}`);
  }
}

async function measure(label, worker) {
  // A short warm-up, then the measured run.
  await Promise.all(Array.from({ length: SESSIONS }, (_, i) => worker(i, performance.now() + 500, [])));
  const latencies = [];
  const start = performance.now();
  await Promise.all(Array.from({ length: SESSIONS }, (_, i) => worker(i, start + SECONDS * 1000, latencies)));
  report(label, latencies, (performance.now() - start) / 1000);
}

try {
  await measure("serve websocket", wsWorker);
  await measure("serve http sessions", httpWorker);
} finally {
  agent.destroy();
  server.kill("SIGTERM");
}
