import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadScenarios } from "../../src/runs/scenarios.js";
import { envFactory, SeedSequence, ServeError, SessionManager } from "../../src/serve/sessions.js";
import { repoRoot } from "../support/cli.js";
import { crashingOnStep } from "../support/crashing-env.js";

const scenarios = loadScenarios([join(repoRoot, "scenarios/travel/austin_family.ubench"), join(repoRoot, "scenarios/travel/berlin_conference.ubench")]).scenarios;

function manager(options: { maxSessions?: number; ttlMs?: number } = {}) {
  let now = 1_000;
  const sessions = new SessionManager({ scenarios, createEnv: envFactory("builtin"), maxSessions: options.maxSessions ?? 4, ttlMs: options.ttlMs ?? 10_000, clock: () => now });
  return { sessions, advance: (ms: number) => (now += ms) };
}

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    return error instanceof ServeError ? `${error.code}/${error.status}` : "other";
  }
  return undefined;
}

describe("serve sessions", () => {
  test("the session limit refuses with CAPACITY_REACHED until one is released", () => {
    const { sessions } = manager({ maxSessions: 2 });
    const a = sessions.open();
    sessions.open();
    expect(codeOf(() => sessions.open())).toBe("CAPACITY_REACHED/503");
    expect(sessions.release(a.id)).toBe(true);
    expect(sessions.open().id).not.toBe(a.id);
  });

  test("idle sessions expire after the TTL; touched ones live on", () => {
    const { sessions, advance } = manager({ ttlMs: 10_000 });
    const expired: string[] = [];
    sessions.onExpire = (s) => expired.push(s.id);
    const idle = sessions.open();
    const busy = sessions.open();
    advance(6_000);
    sessions.get(busy.id);
    advance(6_000);
    expect(sessions.sweep()).toEqual([idle.id]);
    expect(expired).toEqual([idle.id]);
    expect(codeOf(() => sessions.get(idle.id))).toBe("SESSION_ERROR/404");
    expect(sessions.get(busy.id)).toBe(busy);
    advance(10_001);
    expect(codeOf(() => sessions.get(busy.id))).toBe("SESSION_ERROR/404");
    expect(sessions.size).toBe(0);
  });

  test("expired sessions free capacity", () => {
    const { sessions, advance } = manager({ maxSessions: 1, ttlMs: 1_000 });
    sessions.open();
    expect(codeOf(() => sessions.open())).toBe("CAPACITY_REACHED/503");
    advance(1_001);
    expect(sessions.open()).toBeDefined();
  });

  test("reset picks the named scenario or draws one with the seed; steps are checked", async () => {
    const { sessions } = manager();
    const s = sessions.open();
    await expect(s.step("[finish]")).rejects.toMatchObject({ code: "SESSION_ERROR", status: 409 });
    await expect(s.reset({ scenario_id: "nowhere" })).rejects.toMatchObject({ code: "VALIDATION_ERROR", message: expect.stringContaining("scenario_id") });
    const { observation } = await s.reset({ scenario_id: scenarios[1]!.id, seed: 7 });
    expect(observation.scenario_id).toBe(scenarios[1]!.id);
    expect(observation.choices).toContain("search");
    const drawn = await sessions.open().reset({ seed: 2 });
    expect(drawn.observation.scenario_id).toBe(scenarios[0]!.id);
    const last = await s.step({ choice: "finish", content: "" } as never);
    expect(last.done).toBe(true);
    expect(s.state()).toMatchObject({ step_count: 1, done: true, seed: 7, scenario_id: scenarios[1]!.id });
    await expect(s.step("[finish]")).rejects.toMatchObject({ code: "SESSION_ERROR", status: 409 });
    expect(s.reward()).toMatchObject({ done: true });
  });

  test("an exception in one session's env is an EXECUTION_ERROR for that session only", async () => {
    const good = envFactory("builtin");
    let broken = true;
    const sessions = new SessionManager({
      scenarios,
      maxSessions: 4,
      ttlMs: 0,
      createEnv: (scenario) => {
        const env = good(scenario);
        if (!broken) return env;
        broken = false;
        return crashingOnStep(env);
      },
    });
    const bad = sessions.open();
    const fine = sessions.open();
    await bad.reset({ seed: 0 });
    await fine.reset({ seed: 0 });
    await expect(bad.step("[finish]")).rejects.toMatchObject({ code: "EXECUTION_ERROR", message: expect.stringContaining("boom") });
    await expect(fine.step("[finish]")).resolves.toMatchObject({ done: true });
  });

  test("a reset without a seed draws the next seed of the server's sequence: the same seed gives the same episodes again", async () => {
    const seedsOf = async (base: number) => {
      const sessions = new SessionManager({ scenarios, createEnv: envFactory("builtin"), maxSessions: 4, ttlMs: 10_000, seeds: new SeedSequence(base) });
      const a = sessions.open();
      const b = sessions.open();
      const drawn: (number | null)[] = [];
      for (const session of [a, b, a]) {
        await session.reset({});
        drawn.push(session.state().seed);
      }
      return drawn;
    };
    const first = await seedsOf(0);
    expect(new Set(first).size).toBe(3); // each reset draws a new seed, across sessions
    expect(await seedsOf(0)).toEqual(first);
    expect(await seedsOf(1)).not.toEqual(first);
  });
});
