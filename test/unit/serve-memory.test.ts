import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadScenarios } from "../../src/runs/scenarios.js";
import { MemoryBudget } from "../../src/serve/memory-budget.js";
import { envFactory, MAX_QUEUED, ServeError, SessionManager } from "../../src/serve/sessions.js";
import { repoRoot } from "../support/cli.js";

const scenarios = loadScenarios([join(repoRoot, "scenarios/travel/austin_family.ubench")]).scenarios;

async function refusal(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    return error instanceof ServeError ? `${error.code}/${error.status}` : `other: ${(error as Error).message}`;
  }
  return "accepted";
}

describe("serve memory bounds", () => {
  test("one session holds at most its bound of action text: a step past it is refused before it runs, and the episode goes on", async () => {
    const memory = new MemoryBudget({ perSession: 10_000, total: 1_000_000 });
    const sessions = new SessionManager({ scenarios, createEnv: envFactory("builtin"), maxSessions: 4, ttlMs: 0, memory });
    const session = sessions.open();
    await session.reset({ seed: 0 });
    await session.step(`[action] ${"a".repeat(6_000)}`);
    expect(session.bytesHeld).toBeGreaterThan(6_000);
    const turn = session.state().step_count;
    expect(await refusal(session.step(`[action] ${"b".repeat(6_000)}`))).toBe("CAPACITY_REACHED/413");
    expect(session.state().step_count).toBe(turn);
    expect((await session.step("[search] hotel in Austin")).observation.turn).toBe(turn + 1);
    // A reset gives the episode's text back.
    await session.reset({ seed: 1 });
    expect(session.bytesHeld).toBe(0);
    expect(memory.bytesHeld).toBe(0);
  });

  test("all sessions together hold at most the total bound; releasing a session frees its share", async () => {
    const memory = new MemoryBudget({ perSession: 50_000, total: 60_000 });
    const sessions = new SessionManager({ scenarios, createEnv: envFactory("builtin"), maxSessions: 4, ttlMs: 0, memory });
    const a = sessions.open();
    const b = sessions.open();
    await a.reset({ seed: 0 });
    await b.reset({ seed: 0 });
    await a.step(`[action] ${"a".repeat(40_000)}`);
    expect(await refusal(b.step(`[action] ${"b".repeat(30_000)}`))).toBe("CAPACITY_REACHED/503");
    sessions.release(a.id);
    expect(memory.bytesHeld).toBe(0);
    expect(await refusal(b.step(`[action] ${"b".repeat(30_000)}`))).toBe("accepted");
  });

  test("idle expiry gives a session's text back too", async () => {
    let now = 0;
    const memory = new MemoryBudget({ perSession: 50_000, total: 60_000 });
    const sessions = new SessionManager({ scenarios, createEnv: envFactory("builtin"), maxSessions: 4, ttlMs: 1_000, memory, clock: () => now });
    const a = sessions.open();
    await a.reset({ seed: 0 });
    await a.step(`[action] ${"a".repeat(1_000)}`);
    expect(memory.bytesHeld).toBeGreaterThan(1_000);
    now += 2_000;
    sessions.sweep();
    expect(memory.bytesHeld).toBe(0);
  });
});

describe("serve request queue", () => {
  test("a session queues at most MAX_QUEUED requests: more, sent without waiting, are refused with 429", async () => {
    const builtin = envFactory("builtin");
    const slow = (scenario: (typeof scenarios)[number]) => {
      const env = builtin(scenario);
      return { scenario, reset: (o: { seed: number }) => env.reset(o), step: async (a: Parameters<typeof env.step>[0]) => (await new Promise((r) => setTimeout(r, 5)), env.step(a)) };
    };
    const sessions = new SessionManager({ scenarios, createEnv: slow, maxSessions: 1, ttlMs: 0 });
    const session = sessions.open();
    await session.reset({ seed: 0 });
    const outcomes = await Promise.all(Array.from({ length: MAX_QUEUED + 4 }, () => refusal(session.step("[search] hotel in Austin"))));
    expect(outcomes.filter((o) => o === "accepted")).toHaveLength(MAX_QUEUED);
    expect(outcomes.filter((o) => o === "CAPACITY_REACHED/429")).toHaveLength(4);
    // Once the queue drains, steps are taken again.
    expect(await refusal(session.step("[search] hotel in Austin"))).toBe("accepted");
  });
});
