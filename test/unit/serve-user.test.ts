import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { userSimulatorFrom } from "../../src/cli/commands/serve.js";
import type { TravelScenario } from "../../src/compiler/gyms/travel/ir.js";
import { loadScenarios } from "../../src/runs/scenarios.js";
import { startServer } from "../../src/serve/server.js";
import { envFactory, SessionManager } from "../../src/serve/sessions.js";
import { repoRoot } from "../support/cli.js";
import { crashingOnStep } from "../support/crashing-env.js";
import { lastMessage, startFakeOpenAI, type FakeReply, type FakeServer } from "../support/fake-openai.js";

/**
 * The user simulator of `ubc serve`: the options it takes (eval's), built when the server starts,
 * and what a session does when the LLM user fails (its episode is abandoned, with the reason).
 */

const scenarios = loadScenarios([join(repoRoot, "scenarios/travel/austin_family.ubench")]).scenarios;
const austin = scenarios[0] as unknown as TravelScenario;
const washer = austin.aspects[0]!.preferences.find((p) => p.name === "washer")!;

let fake: FakeServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe("serve: user simulator options", () => {
  test("flags win over the run config, which wins over builtin; base URL and cache join the config's user_options", () => {
    expect(userSimulatorFrom({}, {})).toEqual({ user: "builtin", userOptions: {} });
    const config = { user: "openai:from-config", userOptions: { base_url: "http://config/v1", temperature: 0.5 }, cache: "replay" as const };
    expect(userSimulatorFrom({}, config)).toEqual({ user: "openai:from-config", userOptions: { base_url: "http://config/v1", temperature: 0.5, cache: "replay" } });
    expect(userSimulatorFrom({ user: "openai:flag", userBaseUrl: "http://flag/v1", cache: "off" }, config)).toEqual({
      user: "openai:flag",
      userOptions: { base_url: "http://config/v1", temperature: 0.5, baseURL: "http://flag/v1", cache: "off" },
    });
  });

  test("the --user-base-url flag is the endpoint the simulator calls, over the config's base_url and the environment", async () => {
    fake = await startFakeOpenAI(() => ({ kind: "text", content: '{"type": "unrelated"}' }));
    const { user, userOptions } = userSimulatorFrom({ user: "openai:m", userBaseUrl: fake.url }, { userOptions: { base_url: "http://127.0.0.1:9/v1", max_retries: 0 } });
    const server = await startServer({ scenarios, port: 0, user, userOptions });
    try {
      expect(server.user).toBe(`openai:m at ${fake.url}`);
      const { session_id } = (await (await fetch(`${server.url}/sessions`, { method: "POST", body: "{}" })).json()) as { session_id: string };
      const step = await fetch(`${server.url}/sessions/${session_id}/step`, { method: "POST", body: JSON.stringify({ action: "[action] hello" }) });
      expect(step.status).toBe(200);
      expect(fake.requests.length).toBeGreaterThan(0);
      expect(fake.requests.every((r) => r.body.model === "m")).toBe(true);
    } finally {
      await server.close();
    }
  });

  test("a bad spec or option fails when the server starts, before it listens", async () => {
    await expect(startServer({ scenarios, port: 0, user: "oracle" })).rejects.toMatchObject({ name: "SimulatorSpecError" });
    await expect(startServer({ scenarios, port: 0, user: "openai:m", userOptions: { temperature: 5 } })).rejects.toMatchObject({ name: "LlmConfigError", message: expect.stringContaining("temperature") });
    await expect(startServer({ scenarios, port: 0, user: "openai:m", userOptions: { temprature: 0.2 } })).rejects.toMatchObject({ name: "LlmConfigError", message: expect.stringContaining("temprature") });
  });
});

describe("serve: a failing LLM user abandons that session's episode", () => {
  function sessionsAgainst(server: FakeServer) {
    return new SessionManager({ scenarios, createEnv: envFactory("openai:m", { baseURL: server.url, maxRetries: 0, apiKey: "sk-unit-0123456789" }, scenarios), maxSessions: 4, ttlMs: 0 });
  }

  test("a fallback judgement is a 502 EXECUTION_ERROR naming the failure; later steps are refused until a reset", async () => {
    let down = true;
    const reply = (prompt: string): FakeReply => {
      if (down) return { kind: "status", status: 503 };
      if (prompt.startsWith("You classify one message")) return { kind: "text", content: `{"type": "targeted", "preference": "${washer.id}"}` };
      return { kind: "text", content: "We do a lot of laundry." };
    };
    fake = await startFakeOpenAI((body) => reply(lastMessage(body)));
    const sessions = sessionsAgainst(fake);
    const session = sessions.open();
    await session.reset({ seed: 0 });
    await expect(session.step("[action] How do you handle laundry?")).rejects.toMatchObject({
      code: "EXECUTION_ERROR",
      status: 502,
      message: expect.stringMatching(/user simulator failed at step 1 \(utterance: HTTP 503 .*\); the episode is abandoned/),
    });
    expect(session.state()).toMatchObject({ step_count: 1, done: true, error: expect.stringContaining("HTTP 503") });
    expect(session.reward()).toMatchObject({ return: 0, done: true, error: expect.stringContaining("HTTP 503") });
    await expect(session.step("[finish]")).rejects.toMatchObject({ code: "SESSION_ERROR", status: 409, message: expect.stringContaining("abandoned") });

    down = false;
    await session.reset({ seed: 0 });
    expect(session.state()).toMatchObject({ step_count: 0, done: false, error: null });
    const step = await session.step("[action] How do you handle laundry?");
    expect(step.reward).toBeCloseTo(austin.rewards.elicit, 9);
    expect(step.observation.feedback).toContain("We do a lot of laundry.");
  });

  test("an env that throws mid-step abandons its episode too (its state is no longer trustworthy)", async () => {
    const good = envFactory("builtin");
    const sessions = new SessionManager({
      scenarios,
      maxSessions: 2,
      ttlMs: 0,
      createEnv: (scenario) => crashingOnStep(good(scenario)),
    });
    const session = sessions.open();
    await session.reset({ seed: 0 });
    await expect(session.step("[finish]")).rejects.toMatchObject({ code: "EXECUTION_ERROR", status: 500, message: expect.stringContaining("boom") });
    await expect(session.step("[finish]")).rejects.toMatchObject({ code: "SESSION_ERROR", status: 409, message: expect.stringContaining("boom") });
    expect(session.state()).toMatchObject({ done: true, error: expect.stringContaining("boom") });
  });
});
