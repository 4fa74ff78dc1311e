import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { TravelScenario } from "../../src/compiler/gyms/travel/ir.js";
import type { Scenario } from "../../src/compiler/ir.js";
import { loadScenarios } from "../../src/runs/scenarios.js";
import { renderAction } from "../../src/runtime/actions.js";
import { oraclePlan } from "../../src/runtime/gyms/travel/plans.js";
import { noStackTrace, repoRoot, ubc } from "../support/cli.js";
import { startServeBinary } from "../support/serve-binary.js";
import { http, type Json } from "../support/serve-client.js";

/**
 * The built `ubc serve` binary: `--mcp-stdio` driven by the MCP SDK's own client over a stdio
 * transport (as an agent framework would launch it); the token and exposure checks at start; the
 * memory and step-error flags reaching the server.
 */

const scenarios = loadScenarios([join(repoRoot, "scenarios/travel")]).scenarios;
const travel = scenarios[0] as Scenario & TravelScenario;

describe("ubc serve --mcp-stdio", () => {
  test("an MCP client lists the scenarios and plays an oracle episode to the maximum return", async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [join(repoRoot, "bin/ubc.js"), "serve", "scenarios/travel", "--mcp-stdio"], cwd: repoRoot, stderr: "pipe" });
    const client = new Client({ name: "e2e", version: "1.0.0" });
    await client.connect(transport);
    try {
      const tools = (await client.listTools()).tools;
      expect(tools.map((t) => t.name).sort()).toEqual(["interact_with_env", "list_scenarios", "start_episode"]);
      // Over stdio the client has one session of its own: no session_id in the action's schema.
      expect(Object.keys(tools.find((t) => t.name === "interact_with_env")!.inputSchema.properties ?? {})).not.toContain("session_id");
      const listed = (await client.callTool({ name: "list_scenarios", arguments: {} })).structuredContent as Json;
      expect(listed.scenarios).toContainEqual({ id: travel.id, gym: "travel", max_return: travel.maxReturn });
      const started = (await client.callTool({ name: "start_episode", arguments: { scenario_id: travel.id, seed: 9 } })).structuredContent as Json;
      expect(started.observation).toMatchObject({ scenario_id: travel.id, turn: 0 });
      let total = 0;
      let done = false;
      for (const action of oraclePlan(travel).map(renderAction)) {
        const choice = action.slice(1, action.indexOf("]"));
        const content = action.slice(action.indexOf("]") + 1).trim();
        const result = await client.callTool({ name: "interact_with_env", arguments: { choice, content } });
        expect(result.isError).toBeFalsy();
        total += (result.structuredContent as Json).reward as number;
        done = (result.structuredContent as Json).done as boolean;
      }
      expect(done).toBe(true);
      expect(total).toBeCloseTo(travel.maxReturn, 9);
      const after = await client.callTool({ name: "interact_with_env", arguments: { choice: "finish" } });
      expect(after).toMatchObject({ isError: true, structuredContent: { error: { code: "SESSION_ERROR" } } });
    } finally {
      await client.close();
    }
  });
});

describe("ubc serve start-up checks", () => {
  test("an empty --token, or an empty UBENCH_SERVE_TOKEN, is a usage error (exit 2), not an open server", () => {
    const flag = ubc(["serve", "scenarios/travel", "--port", "0", "--token", ""]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("--token is empty");
    noStackTrace(flag.stderr);
    const env = ubc(["serve", "scenarios/travel", "--port", "0"], { env: { UBENCH_SERVE_TOKEN: "" } });
    expect(env.code).toBe(2);
    expect(env.stderr).toContain("UBENCH_SERVE_TOKEN is set but empty");
  });

  test("a non-loopback host without a token warns on stderr; with a token it does not", async () => {
    const open = await startServeBinary(["serve", "scenarios/travel", "--port", "0", "--host", "0.0.0.0"], { env: { ...process.env, UBENCH_SERVE_TOKEN: undefined } });
    try {
      expect(open.stderr()).toMatch(/warning: listening on 0\.0\.0\.0 without a token/);
    } finally {
      expect(await open.stop()).toBe(0);
    }
    const guarded = await startServeBinary(["serve", "scenarios/travel", "--port", "0", "--host", "0.0.0.0", "--token", "s3cret-token"]);
    try {
      expect(guarded.stderr()).not.toContain("warning");
    } finally {
      expect(await guarded.stop()).toBe(0);
    }
  });

  test("--max-session-kb bounds a session's action text; --step-timeout and --on-step-error are taken", async () => {
    const serve = await startServeBinary(["serve", "scenarios/travel", "--port", "0", "--max-session-kb", "2", "--step-timeout", "30", "--on-step-error", "end"]);
    try {
      const id = (await http(serve.url, "POST", "/sessions", { seed: 0 })).json.session_id as string;
      expect((await http(serve.url, "POST", `/sessions/${id}/step`, { action: `[action] ${"x".repeat(1_500)}` })).status).toBe(200);
      expect(await http(serve.url, "POST", `/sessions/${id}/step`, { action: `[action] ${"x".repeat(1_500)}` })).toMatchObject({ status: 413, json: { error: { code: "CAPACITY_REACHED" } } });
    } finally {
      expect(await serve.stop()).toBe(0);
    }
    const bad = ubc(["serve", "scenarios/travel", "--on-step-error", "retry"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("expected one of error, end");
  });
});
