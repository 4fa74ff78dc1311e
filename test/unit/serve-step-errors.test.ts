import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { Scenario } from "../../src/compiler/ir.js";
import { loadScenarios } from "../../src/runs/scenarios.js";
import type { Env } from "../../src/runtime/types.js";
import { envFactory, ServeError, Session } from "../../src/serve/sessions.js";
import type { StepErrorPolicy } from "../../src/serve/step-errors.js";
import { repoRoot } from "../support/cli.js";
import { crashingOnStep } from "../support/crashing-env.js";

const scenarios = loadScenarios([join(repoRoot, "scenarios/travel/austin_family.ubench")]).scenarios;
const builtin = envFactory("builtin");

/** An env whose steps take `ms` longer than the built-in one's. */
function slowEnv(scenario: Scenario, ms: number): Env {
  const env = builtin(scenario);
  return { scenario, reset: (o) => env.reset(o), step: async (a) => (await new Promise((r) => setTimeout(r, ms)), env.step(a)) };
}

function session(createEnv: (s: Scenario) => Env, onStepError: StepErrorPolicy, stepTimeoutMs = 0): Session {
  return new Session("s", { scenarios, createEnv, stepTimeoutMs, onStepError }, 0);
}

async function codeOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return "ok";
  } catch (error) {
    return error instanceof ServeError ? `${error.code}/${error.status}` : "other";
  }
}

describe("serve step timeout and step-error policy", () => {
  test("a step over --step-timeout abandons the episode: EXECUTION_ERROR 504 by default", async () => {
    const s = session((sc) => slowEnv(sc, 300), "error", 50);
    await s.reset({ seed: 0 });
    const started = Date.now();
    expect(await codeOf(s.step("[search] apartment in Austin"))).toBe("EXECUTION_ERROR/504");
    expect(Date.now() - started).toBeLessThan(250);
    expect(s.state().error).toContain("--step-timeout");
    expect(await codeOf(s.step("[finish]"))).toBe("SESSION_ERROR/409");
  });

  test("fast steps are untouched by the timeout", async () => {
    const s = session(builtin, "error", 5_000);
    await s.reset({ seed: 0 });
    expect((await s.step("[search] apartment in Austin")).done).toBe(false);
  });

  test("with 'end', a timed-out step is the episode's last, with reward 0 and the reason in its feedback and state", async () => {
    const s = session((sc) => slowEnv(sc, 300), "end", 50);
    await s.reset({ seed: 0 });
    const reply = await s.step("[search] apartment in Austin");
    expect(reply).toMatchObject({ reward: 0, done: true, observation: { feedback: expect.stringContaining("--step-timeout") } });
    expect(s.state()).toMatchObject({ done: true, step_count: 1, return: 0, error: expect.stringContaining("longer than") });
    expect(s.reward()).toMatchObject({ return: 0, done: true, error: expect.any(String) });
  });

  test("with 'end', a crashing step ends the episode with reward 0; by default it is EXECUTION_ERROR 500", async () => {
    const ending = session((sc) => crashingOnStep(builtin(sc), "simulator exploded"), "end");
    await ending.reset({ seed: 0 });
    expect(await ending.step("[search] apartment in Austin")).toMatchObject({ reward: 0, done: true, observation: { feedback: expect.stringContaining("simulator exploded") } });
    const failing = session((sc) => crashingOnStep(builtin(sc), "simulator exploded"), "error");
    await failing.reset({ seed: 0 });
    expect(await codeOf(failing.step("[search] apartment in Austin"))).toBe("EXECUTION_ERROR/500");
  });
});
