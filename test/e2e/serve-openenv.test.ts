import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import WebSocket from "ws";
import type { TravelScenario } from "../../src/compiler/gyms/travel/ir.js";
import type { Scenario } from "../../src/compiler/ir.js";
import { loadScenarios } from "../../src/runs/scenarios.js";
import { renderAction } from "../../src/runtime/actions.js";
import { oraclePlan } from "../../src/runtime/gyms/travel/plans.js";
import { startServer, type RunningServer } from "../../src/serve/server.js";
import { repoRoot } from "../support/cli.js";
import { validateRunningEnvironment } from "../support/openenv-validate.js";
import { connectWebSocket, http, type Json } from "../support/serve-client.js";

/**
 * `ubc serve` as OpenEnv's tools and clients see it (OpenEnv at 685de411): `openenv validate
 * --url`'s six checks, replies with only the keys OpenEnv's pydantic models allow
 * (env_server/types.py, extra="forbid"), MCP over POST /mcp and over the WebSocket, the token in
 * the URL, and OpenEnv's seed and episode-id limits.
 */

const scenarios = loadScenarios([join(repoRoot, "scenarios/travel")]).scenarios;
const travel = scenarios[0] as Scenario & TravelScenario;
const plan = () => oraclePlan(travel).map(renderAction);
const parts = (action: string) => ({ choice: action.slice(1, action.indexOf("]")), content: action.slice(action.indexOf("]") + 1).trim() });

/** OpenEnv's models: the keys each reply may carry. */
const STEP_RESPONSE_KEYS = ["done", "observation", "reward"];
const ENVIRONMENT_METADATA_KEYS = ["name", "description", "readme_content", "version", "author", "documentation_url"];

/** A WebSocket at exactly this URL (to try the token in the query and OpenEnv's URL joining). */
function openSocket(url: string): Promise<{ ws: WebSocket; send(m: unknown): Promise<Json> }> {
  const ws = new WebSocket(url);
  const inbox: ((m: Json) => void)[] = [];
  ws.on("message", (raw) => inbox.shift()?.(JSON.parse(raw.toString()) as Json));
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve({ ws, send: (m) => new Promise((r) => (inbox.push(r), ws.send(JSON.stringify(m)))) }));
    ws.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once("error", reject);
  });
}

describe("ubc serve for OpenEnv", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ scenarios, port: 0 });
  });
  afterAll(() => server.close());

  test("openenv validate --url: all six checks pass, in simulation mode", async () => {
    const report = await validateRunningEnvironment(server.url);
    expect(report.criteria.map((c) => c.id)).toEqual(["openapi_version_available", "health_endpoint", "metadata_endpoint", "schema_endpoint", "mcp_endpoint", "mode_endpoint_consistency"]);
    expect(report.criteria.filter((c) => !c.passed)).toEqual([]);
    expect(report).toMatchObject({ passed: true, mode: "simulation" });
  });

  test("/openapi.json describes the routes the server answers", async () => {
    const doc = (await http(server.url, "GET", "/openapi.json")).json;
    expect(doc.openapi).toBe("3.1.0");
    for (const [path, operations] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      if (path.includes("{") || path === "/ws") continue;
      for (const verb of Object.keys(operations)) {
        const body = verb === "post" ? (path === "/mcp" ? { jsonrpc: "2.0", id: 1, method: "tools/list" } : path === "/step" ? { action: "[finish]" } : {}) : undefined;
        if (path === "/step") await http(server.url, "POST", "/reset", {});
        const res = await fetch(server.url + path, { method: verb.toUpperCase(), headers: { "content-type": "application/json" }, ...(body && { body: JSON.stringify(body) }) });
        expect([path, verb, res.status]).toEqual([path, verb, 200]);
      }
    }
  });

  test("replies and /metadata carry only the keys OpenEnv's models allow; the counters ride in the observation's metadata", async () => {
    const meta = (await http(server.url, "GET", "/metadata")).json;
    expect(Object.keys(meta).every((k) => ENVIRONMENT_METADATA_KEYS.includes(k))).toBe(true);
    const reset = (await http(server.url, "POST", "/reset", { scenario_id: travel.id, seed: 1 })).json;
    expect(Object.keys(reset).sort()).toEqual(STEP_RESPONSE_KEYS);
    const step = (await http(server.url, "POST", "/step", { action: plan()[0] })).json;
    expect(Object.keys(step).sort()).toEqual(STEP_RESPONSE_KEYS);
    expect(step.observation.metadata.counters).toMatchObject({ searches: 1 });

    const client = await connectWebSocket(server.url);
    const wsReset = await client.send({ type: "reset", data: { scenario_id: travel.id } });
    expect(Object.keys(wsReset.data).sort()).toEqual(STEP_RESPONSE_KEYS);
    const wsStep = await client.send({ type: "step", data: parts(plan()[0]!) });
    expect(Object.keys(wsStep).sort()).toEqual(["data", "type"]);
    expect(Object.keys(wsStep.data).sort()).toEqual(STEP_RESPONSE_KEYS);
    expect(wsStep.data.observation.metadata.counters.searches).toBe(1);
    client.ws.close();
  });

  test("POST /mcp: tools/list and a whole oracle episode through tools/call, stateless", async () => {
    const rpc = async (id: number, method: string, params: Json = {}) => (await http(server.url, "POST", "/mcp", { jsonrpc: "2.0", id, method, params })).json;
    const list = await rpc(1, "tools/list");
    expect(list).toMatchObject({ jsonrpc: "2.0", id: 1 });
    expect(list.result.tools.map((t: Json) => t.name).sort()).toEqual(["interact_with_env", "list_scenarios", "start_episode"]);
    const started = (await rpc(2, "tools/call", { name: "start_episode", arguments: { scenario_id: travel.id, seed: 4 } })).result.structuredContent;
    expect(started.observation).toMatchObject({ scenario_id: travel.id, turn: 0 });
    let total = 0;
    let done = false;
    for (const action of plan()) {
      const out = (await rpc(3, "tools/call", { name: "interact_with_env", arguments: { session_id: started.session_id, ...parts(action) } })).result;
      expect(out.isError).toBeFalsy();
      total += out.structuredContent.reward as number;
      done = out.structuredContent.done as boolean;
    }
    expect(done).toBe(true);
    expect(total).toBeCloseTo(travel.maxReturn, 9);
    const unknown = (await rpc(4, "tools/call", { name: "interact_with_env", arguments: { session_id: "nope", choice: "finish" } })).result;
    expect(unknown).toMatchObject({ isError: true, structuredContent: { error: { code: "SESSION_ERROR" } } });
    const notJson = await http(server.url, "POST", "/mcp", "{oops");
    expect(notJson).toMatchObject({ status: 200, json: { jsonrpc: "2.0", error: { code: -32700 } } });
  });

  test("POST /mcp as OpenEnv's MCPToolClient uses it in production mode: openenv/session/create, params.session_id, openenv/session/close", async () => {
    const rpc = async (method: string, params: Json = {}) => (await http(server.url, "POST", "/mcp", { jsonrpc: "2.0", id: 1, method, params })).json;
    const created = await rpc("openenv/session/create");
    const id = created.result.session_id as string;
    expect(server.sessions.all().map((s) => s.id)).toContain(id);
    expect((await rpc("tools/list", { session_id: id })).result.tools).toHaveLength(3);
    const started = (await rpc("tools/call", { name: "start_episode", arguments: { scenario_id: travel.id, seed: 3 }, session_id: id })).result.structuredContent;
    expect(started).toMatchObject({ session_id: id, observation: { scenario_id: travel.id } });
    const step = (await rpc("tools/call", { name: "interact_with_env", arguments: parts(plan()[0]!), session_id: id })).result.structuredContent;
    expect(step.reward).toBeCloseTo(travel.rewards.search, 9);
    expect(server.sessions.get(id).state()).toMatchObject({ step_count: 1, seed: 3 });
    expect((await rpc("openenv/session/close", { session_id: id })).result).toEqual({ session_id: id, closed: true });
    expect(server.sessions.all().map((s) => s.id)).not.toContain(id);
    expect((await rpc("openenv/session/close", { session_id: id })).error.message).toContain("unknown session");
  });

  test("the MCP SDK's own client over streamable HTTP lists and calls the tools", async () => {
    const client = new Client({ name: "test", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toContain("interact_with_env");
      const listed = await client.callTool({ name: "list_scenarios", arguments: {} });
      expect((listed.structuredContent as Json).scenarios.map((s: Json) => s.id)).toContain(travel.id);
    } finally {
      await client.close();
    }
  });

  test("WebSocket: {type:'mcp'} JSON-RPC and the list_tools / call_tool step actions play the socket's session", async () => {
    const client = await connectWebSocket(server.url);
    const listed = await client.send({ type: "mcp", data: { jsonrpc: "2.0", id: "a", method: "tools/list", params: {} } });
    expect(listed).toMatchObject({ type: "mcp", data: { jsonrpc: "2.0", id: "a" } });
    expect(listed.data.result.tools).toHaveLength(3);
    const bad = await client.send({ type: "mcp", data: { method: "tools/list" } });
    expect(bad).toMatchObject({ type: "mcp", data: { jsonrpc: "2.0", error: { code: -32600 } } });

    const tools = await client.send({ type: "step", data: { type: "list_tools" } });
    expect(tools).toMatchObject({ type: "observation", data: { reward: null, done: false } });
    expect(tools.data.observation.tools.map((t: Json) => t.name)).toContain("start_episode");
    expect(tools.data.observation.tools[0].input_schema).toMatchObject({ type: "object" });

    const started = await client.send({ type: "step", data: { type: "call_tool", tool_name: "start_episode", arguments: { scenario_id: travel.id, seed: 2 } } });
    expect(started.data.observation).toMatchObject({ tool_name: "start_episode", error: null, result: { observation: { scenario_id: travel.id } } });
    let total = 0;
    let last: Json = {};
    for (const action of plan()) {
      last = await client.send({ type: "step", data: { type: "call_tool", tool_name: "interact_with_env", arguments: parts(action) } });
      total += last.data.reward as number;
    }
    expect(last.data.done).toBe(true);
    expect(total).toBeCloseTo(travel.maxReturn, 9);
    // The MCP episode is the socket's session: its state says so.
    expect((await client.send({ type: "state" })).data).toMatchObject({ scenario_id: travel.id, done: true, seed: 2 });
    const missing = await client.send({ type: "step", data: { type: "call_tool", tool_name: "fly", arguments: {} } });
    expect(missing.data.observation.error).toMatchObject({ error_type: "tool_not_found" });
    client.ws.close();
  });

  test("seeds: any non-negative integer (above 2^53 it arrives rounded); episode ids up to 255 characters", async () => {
    const client = await connectWebSocket(server.url);
    const big = await client.send({ type: "reset", data: { seed: 2 ** 64, episode_id: "e".repeat(255) } });
    expect(big.type).toBe("observation");
    const state = (await client.send({ type: "state" })).data;
    expect(state).toMatchObject({ seed: 2 ** 64, episode_id: "e".repeat(255) });
    // 2^64 + 1 is not a double: it arrives as 2^64, the same episode.
    const same = await client.send('{"type":"reset","data":{"seed":18446744073709551617}}');
    expect(same.data.observation.feedback).toBe(big.data.observation.feedback);
    expect((await client.send({ type: "reset", data: { seed: 4294967296 } })).type).toBe("observation");
    expect((await client.send({ type: "reset", data: { episode_id: "e".repeat(256) } })).data).toMatchObject({ code: "VALIDATION_ERROR", message: expect.stringContaining("data.episode_id") });
    expect((await client.send({ type: "reset", data: { seed: -1 } })).data.code).toBe("VALIDATION_ERROR");
    expect((await client.send({ type: "reset", data: { seed: 1.5 } })).data.code).toBe("VALIDATION_ERROR");
    expect((await http(server.url, "POST", "/sessions", { seed: 2 ** 60 })).status).toBe(200);
    client.ws.close();
  });

  test("HEAD /health answers 200 without a body; a 10 MB body gets 413, not a reset", async () => {
    const head = await fetch(`${server.url}/health`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    const huge = await fetch(`${server.url}/step`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ action: `[search] ${"x".repeat(10_000_000)}` }) });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as Json).error.code).toBe("VALIDATION_ERROR");
    // The server goes on.
    expect((await http(server.url, "GET", "/health")).status).toBe(200);
  });
});

describe("ubc serve tokens for clients that cannot send headers", () => {
  test("?token= on HTTP routes and the WebSocket, OpenEnv's URL joining, and bearer in any case", async () => {
    const server = await startServer({ scenarios, port: 0, token: "s3cret-token" });
    try {
      expect((await http(server.url, "GET", "/metadata")).status).toBe(401);
      expect((await http(server.url, "GET", "/metadata?token=wrong")).status).toBe(401);
      expect((await http(server.url, "GET", "/metadata?token=s3cret-token")).status).toBe(200);
      expect((await http(server.url, "GET", "/metadata", undefined, { headers: { authorization: "bearer s3cret-token" } })).status).toBe(200);
      expect((await http(server.url, "GET", "/metadata", undefined, { headers: { authorization: "BEARER s3cret-token" } })).status).toBe(200);

      const ws = server.url.replace(/^http/, "ws");
      await expect(openSocket(`${ws}/ws`)).rejects.toThrow(/401/);
      await expect(openSocket(`${ws}/ws?token=nope`)).rejects.toThrow(/401/);
      const direct = await openSocket(`${ws}/ws?token=s3cret-token`);
      expect((await direct.send({ type: "reset", data: { seed: 0 } })).type).toBe("observation");
      direct.ws.close();
      // GenericEnvClient(base_url="http://host:port?token=T") connects to f"{ws_url}/ws".
      const openenv = await openSocket(`${ws}?token=s3cret-token/ws`);
      expect((await openenv.send({ type: "reset", data: { seed: 0 } })).type).toBe("observation");
      openenv.ws.close();
      // openenv validate --url "http://host:port?token=T" joins its routes the same way.
      const report = await validateRunningEnvironment(`${server.url}?token=s3cret-token`);
      expect(report.criteria.filter((c) => !c.passed)).toEqual([]);
      expect((await validateRunningEnvironment(server.url)).passed).toBe(false);
    } finally {
      await server.close();
    }
  });
});
