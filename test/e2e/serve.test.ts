import { connect } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { TravelScenario } from "../../src/compiler/gyms/travel/ir.js";
import type { Scenario } from "../../src/compiler/ir.js";
import { loadScenarios } from "../../src/runs/scenarios.js";
import { renderAction } from "../../src/runtime/actions.js";
import { oraclePlan } from "../../src/runtime/gyms/travel/plans.js";
import { envFactory } from "../../src/serve/sessions.js";
import { startServer, type RunningServer } from "../../src/serve/server.js";
import { repoRoot } from "../support/cli.js";
import { startServeBinary } from "../support/serve-binary.js";
import { connectWebSocket, http, type Json } from "../support/serve-client.js";

/**
 * `ubc serve` end to end: the server in this process on a free port, driven over WebSocket
 * (OpenEnv) and plain HTTP sessions with the oracle's actions; every error code; the token; the
 * session limit; graceful shutdown; and one spawn of the built binary.
 */

const scenarios = loadScenarios([join(repoRoot, "scenarios/travel")]).scenarios;
const travel = scenarios[0] as Scenario & TravelScenario;

function plan(): string[] {
  return oraclePlan(travel).map(renderAction);
}

describe("ubc serve", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ scenarios, port: 0 });
  });
  afterAll(() => server.close());

  test("health, metadata and schema", async () => {
    expect(await http(server.url, "GET", "/health")).toEqual({ status: 200, json: { status: "healthy" } });
    const meta = (await http(server.url, "GET", "/metadata")).json;
    expect(meta).toMatchObject({ name: "ubench" });
    const catalogue = (await http(server.url, "GET", "/ubench/scenarios")).json;
    expect(catalogue).toMatchObject({ gyms: ["travel"] });
    expect(catalogue.scenario_ids).toContain(travel.id);
    const schema = (await http(server.url, "GET", "/schema")).json;
    expect(Object.keys(schema).sort()).toEqual(["action", "observation", "state"]);
  });

  test("a full oracle episode over WebSocket earns the maximum return", async () => {
    const client = await connectWebSocket(server.url);
    const reset = await client.send({ type: "reset", data: { scenario_id: travel.id, seed: 5, episode_id: "ep-1" } });
    expect(reset).toMatchObject({ type: "observation", data: { reward: null, done: false, observation: { scenario_id: travel.id, turn: 0, choices: expect.arrayContaining(["search", "answer"]) } } });
    let total = 0;
    let done = false;
    for (const [i, action] of plan().entries()) {
      // Alternate the accepted step shapes: text, {action}, and the action object.
      const data = i % 3 === 0 ? action : i % 3 === 1 ? { action } : { choice: action.slice(1, action.indexOf("]")), content: action.slice(action.indexOf("]") + 1).trim() };
      const reply = await client.send({ type: "step", data });
      expect(reply.type).toBe("observation");
      total += reply.data.reward as number;
      done = reply.data.done as boolean;
    }
    if (!done) done = (await client.send({ type: "step", data: "[finish]" })).data.done as boolean;
    expect(done).toBe(true);
    expect(total).toBeCloseTo(travel.maxReturn, 9);
    const state = await client.send({ type: "state" });
    expect(state).toMatchObject({ type: "state", data: { episode_id: "ep-1", scenario_id: travel.id, done: true, seed: 5 } });
    expect(state.data.return).toBeCloseTo(travel.maxReturn, 9);
    client.ws.send(JSON.stringify({ type: "close" }));
    expect(await client.closed).toBe(1000);
  });

  test("a full oracle episode over HTTP sessions", async () => {
    const created = await http(server.url, "POST", "/sessions", { scenario_id: travel.id, seed: 1 });
    expect(created.status).toBe(200);
    const id = created.json.session_id as string;
    expect(created.json.observation).toMatchObject({ scenario_id: travel.id, turn: 0 });
    let total = 0;
    let last: Json = {};
    for (const [i, action] of plan().entries()) {
      const body = i % 2 === 0 ? { action } : { action: { choice: action.slice(1, action.indexOf("]")), content: action.slice(action.indexOf("]") + 1).trim() } };
      const step = await http(server.url, "POST", `/sessions/${id}/step`, body);
      expect(step.status).toBe(200);
      expect(Object.keys(step.json).sort()).toEqual(["done", "info", "observation", "reward"]);
      total += step.json.reward as number;
      last = step.json;
    }
    if (!last.done) last = (await http(server.url, "POST", `/sessions/${id}/step`, { action: "[finish]" })).json;
    expect(last.done).toBe(true);
    expect(Object.values(last.info as object).every((v) => typeof v === "number")).toBe(true);
    expect(total).toBeCloseTo(travel.maxReturn, 9);
    const reward = await http(server.url, "GET", `/sessions/${id}/reward`);
    expect(reward.json).toMatchObject({ done: true, score: 1 });
    expect(reward.json.return).toBeCloseTo(travel.maxReturn, 9);
    expect((await http(server.url, "POST", `/sessions/${id}/step`, { action: "[finish]" })).status).toBe(409);
    expect(await http(server.url, "DELETE", `/sessions/${id}`)).toEqual({ status: 200, json: { released: true } });
    expect((await http(server.url, "GET", `/sessions/${id}/reward`)).json.error.code).toBe("SESSION_ERROR");
  });

  test("OpenEnv's simple HTTP mode: /reset, /step, /state", async () => {
    const reset = await http(server.url, "POST", "/reset", { seed: 3, scenario_id: travel.id });
    expect(reset.json).toMatchObject({ reward: null, done: false, observation: { scenario_id: travel.id } });
    const step = await http(server.url, "POST", "/step", { action: "[finish]" });
    expect(step.json).toMatchObject({ done: true });
    expect((await http(server.url, "GET", "/state")).json).toMatchObject({ step_count: 1, done: true, scenario_id: travel.id });
  });

  test("every WebSocket error code", async () => {
    const client = await connectWebSocket(server.url);
    expect((await client.send("{not json")).data.code).toBe("INVALID_JSON");
    expect((await client.send({ type: "jump" })).data.code).toBe("UNKNOWN_TYPE");
    const invalid = await client.send({ type: "reset", data: { seed: "x" } });
    expect(invalid).toMatchObject({ type: "error", data: { code: "VALIDATION_ERROR", message: expect.stringContaining("data.seed") } });
    expect((await client.send({ type: "step", data: "[finish]" })).data.code).toBe("SESSION_ERROR");
    expect((await client.send({ type: "reset", data: { scenario_id: "nope" } })).data.code).toBe("VALIDATION_ERROR");
    client.ws.close();
    await client.closed;
  });

  test("a WebSocket frame over 1 MB closes the socket with 1009", async () => {
    const client = await connectWebSocket(server.url);
    client.ws.send(JSON.stringify({ type: "step", data: `[search] ${"x".repeat(1_100_000)}` }));
    expect(await client.closed).toBe(1009);
  });

  test("HTTP errors: 400 naming the field, 404, 409, 413 and bad JSON", async () => {
    const bad = await http(server.url, "POST", "/sessions", { seed: -2 });
    expect(bad).toMatchObject({ status: 400, json: { error: { code: "VALIDATION_ERROR", message: expect.stringMatching(/^seed: /) } } });
    expect((await http(server.url, "POST", "/sessions", "{oops")).json.error.code).toBe("INVALID_JSON");
    expect((await http(server.url, "POST", "/sessions/nope/step", { action: "[finish]" })).status).toBe(404);
    const id = (await http(server.url, "POST", "/sessions", {})).json.session_id as string;
    const noAction = await http(server.url, "POST", `/sessions/${id}/step`, { act: "[finish]" });
    expect(noAction).toMatchObject({ status: 400, json: { error: { message: expect.stringContaining("action") } } });
    const huge = await http(server.url, "POST", `/sessions/${id}/step`, { action: `[search] ${"x".repeat(1_100_000)}` });
    expect(huge.status).toBe(413);
    await http(server.url, "POST", `/sessions/${id}/step`, { action: "[finish]" });
    expect((await http(server.url, "POST", `/sessions/${id}/step`, { action: "[finish]" })).status).toBe(409);
    await http(server.url, "DELETE", `/sessions/${id}`);
  });
});

describe("ubc serve limits", () => {
  test("the bearer token is required for HTTP and the WebSocket upgrade, not for /health", async () => {
    const server = await startServer({ scenarios, port: 0, token: "s3cret" });
    try {
      expect((await http(server.url, "GET", "/health")).status).toBe(200);
      expect((await http(server.url, "POST", "/sessions", {})).status).toBe(401);
      expect((await http(server.url, "POST", "/sessions", {}, { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
      expect((await http(server.url, "POST", "/sessions", {}, { headers: { authorization: "Bearer s3cret" } })).status).toBe(200);
      await expect(connectWebSocket(server.url)).rejects.toThrow(/401/);
      const client = await connectWebSocket(server.url, { headers: { authorization: "Bearer s3cret" } });
      expect((await client.send({ type: "reset", data: { seed: 0 } })).type).toBe("observation");
      client.ws.close();
    } finally {
      await server.close();
    }
  });

  test("memory bounds: a step past the session's bound is CAPACITY_REACHED (WebSocket) or 413 (HTTP), and the episode plays on", async () => {
    const server = await startServer({ scenarios, port: 0, memory: { perSession: 20_000, total: 1_000_000 } });
    try {
      const client = await connectWebSocket(server.url);
      await client.send({ type: "reset", data: { seed: 0 } });
      const big = await client.send({ type: "step", data: `[action] ${"x".repeat(30_000)}` });
      expect(big).toMatchObject({ type: "error", data: { code: "CAPACITY_REACHED", message: expect.stringContaining("--max-session-kb") } });
      expect((await client.send({ type: "step", data: "[search] hotel" })).type).toBe("observation");
      client.ws.close();
      const id = (await http(server.url, "POST", "/sessions", { seed: 0 })).json.session_id as string;
      const refused = await http(server.url, "POST", `/sessions/${id}/step`, { action: `[action] ${"x".repeat(30_000)}` });
      expect(refused).toMatchObject({ status: 413, json: { error: { code: "CAPACITY_REACHED" } } });
      expect((await http(server.url, "GET", `/sessions/${id}/state`)).json.step_count).toBe(0);
    } finally {
      await server.close();
    }
  });

  test("a WebSocket upgrade to a target URL cannot parse is a 404, and the server lives on", async () => {
    const server = await startServer({ scenarios, port: 0 });
    try {
      const upgrade = "GET http://[::1/ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
      const reply = await new Promise<string>((resolve) => {
        const socket = connect(server.port, "127.0.0.1", () => socket.write(upgrade));
        let text = "";
        socket.on("data", (chunk) => (text += chunk.toString()));
        socket.on("close", () => resolve(text));
        socket.on("error", () => resolve(text));
      });
      expect(reply).toMatch(/^HTTP\/1\.1 404/);
      expect((await http(server.url, "GET", "/health")).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  test("capacity: CAPACITY_REACHED over WebSocket, 503 over HTTP", async () => {
    const server = await startServer({ scenarios, port: 0, maxSessions: 1 });
    try {
      const first = await connectWebSocket(server.url);
      const second = await connectWebSocket(server.url);
      expect(await second.next()).toMatchObject({ type: "error", data: { code: "CAPACITY_REACHED" } });
      await second.closed;
      expect(await http(server.url, "POST", "/sessions", {})).toMatchObject({ status: 503, json: { error: { code: "CAPACITY_REACHED" } } });
      first.ws.close();
      await first.closed;
      await new Promise((r) => setTimeout(r, 50));
      expect((await http(server.url, "POST", "/sessions", {})).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  test("idle sessions expire: the WebSocket gets SESSION_ERROR and closes, HTTP sessions answer 404", async () => {
    let now = 0;
    const server = await startServer({ scenarios, port: 0, sessionTtl: 60, clock: () => now });
    try {
      const client = await connectWebSocket(server.url);
      await client.send({ type: "reset", data: { seed: 0 } });
      const id = (await http(server.url, "POST", "/sessions", { seed: 0 })).json.session_id as string;
      now += 61_000;
      server.sessions.sweep();
      expect(await client.next()).toMatchObject({ type: "error", data: { code: "SESSION_ERROR", message: expect.stringContaining("expired") } });
      expect(await client.closed).toBe(1000);
      expect(await http(server.url, "POST", `/sessions/${id}/step`, { action: "[finish]" })).toMatchObject({ status: 404, json: { error: { code: "SESSION_ERROR" } } });
      expect(server.sessions.size).toBe(0);
    } finally {
      await server.close();
    }
  });

  test("a crash inside one session's step is that session's EXECUTION_ERROR; shutdown finishes in-flight steps", async () => {
    const make = envFactory("builtin");
    let count = 0;
    const server = await startServer({
      scenarios,
      port: 0,
      createEnv: (scenario) => {
        const env = make(scenario);
        const n = count++;
        return {
          scenario,
          reset: (o) => env.reset(o),
          step: async (action) => {
            if (n === 0) throw new Error("simulator exploded");
            if (n === 2) await new Promise((r) => setTimeout(r, 300));
            return env.step(action);
          },
        };
      },
    });
    const broken = await connectWebSocket(server.url);
    const healthy = await connectWebSocket(server.url);
    await broken.send({ type: "reset", data: { seed: 0 } });
    await healthy.send({ type: "reset", data: { seed: 0 } });
    expect(await broken.send({ type: "step", data: "[finish]" })).toMatchObject({ type: "error", data: { code: "EXECUTION_ERROR", message: expect.stringContaining("exploded") } });
    expect(await healthy.send({ type: "step", data: "[search] hotel" })).toMatchObject({ type: "observation" });
    const slow = await connectWebSocket(server.url);
    await slow.send({ type: "reset", data: { seed: 0 } });
    slow.ws.send(JSON.stringify({ type: "step", data: "[finish]" }));
    await new Promise((r) => setTimeout(r, 50));
    const closing = server.close();
    expect(await slow.next()).toMatchObject({ type: "observation", data: { done: true } });
    await closing;
    expect(await slow.closed).toBe(1001);
    await healthy.closed;
  });

  test("the built binary prints its URL and answers /health", async () => {
    const serve = await startServeBinary(["serve", "scenarios/travel", "--port", "0"], { cwd: repoRoot });
    try {
      expect(serve.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await http(serve.url, "GET", "/health")).toEqual({ status: 200, json: { status: "healthy" } });
    } finally {
      expect(await serve.stop()).toBe(0);
    }
  });
});
