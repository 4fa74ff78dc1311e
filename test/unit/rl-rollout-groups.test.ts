import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { loadScenarios } from "../../src/runs/scenarios.js";
import { randomAgent } from "../../src/runtime/agents/scripted.js";
import { initialWeights, policyFile } from "../../src/runtime/policy/softmax.js";
import { rolloutGroups, type RolloutGroupsResult } from "../../src/rl/rollout-groups.js";
import type { Agent, AgentContext, AgentEpisode } from "../../src/runtime/types.js";
import { isAgentRequest, messagesOf, startFakeOpenAI, type FakeReply, type FakeServer } from "../support/fake-openai.js";

/**
 * Rollout groups: n trajectories per scenario with their own seeds, any agent, run with eval's
 * concurrency and fault handling, gathered in member order.
 */

const travel = loadScenarios(["scenarios/travel/austin_family.ubench", "scenarios/travel/berlin_conference.ubench"]).scenarios;
const austin = travel.find((s) => s.id.includes("austin"))!;

/** The groups without the parts that legitimately differ between runs (none, for deterministic agents). */
const shape = (result: RolloutGroupsResult) => JSON.stringify(result.groups);

/** An agent that waits `delayOf(seed)` ms before each act, so episodes finish out of order. */
function slowAgent(inner: Agent, delayOf: (seed: number) => number): Agent {
  return {
    spec: inner.spec,
    async begin(context: AgentContext): Promise<AgentEpisode> {
      const episode = await inner.begin(context);
      return {
        async act(observation, history) {
          await new Promise((resolve) => setTimeout(resolve, delayOf(context.seed)));
          return episode.act(observation, history);
        },
      };
    },
  };
}

describe("rolloutGroups", () => {
  test("one group per scenario, n members with their seeds, in member order whatever the finishing order", async () => {
    const seedOf = (scenario: { id: string }, member: number) => (scenario.id === austin.id ? 100 : 200) + member;
    const order: number[] = [];
    const agent = slowAgent(randomAgent, (seed) => 2 * (4 - (seed % 100)));
    const result = await rolloutGroups({ scenarios: travel, agent, n: 4, seedOf, concurrency: 8, onTrajectory: (t) => order.push(t.seed) });
    expect(result.groups.map((g) => g.scenarioId)).toEqual(travel.map((s) => s.id));
    expect(result).toMatchObject({ errors: 0, stopped: false, llm: {} });
    for (const group of result.groups) {
      expect(group.trajectories.map((t) => t.member)).toEqual([0, 1, 2, 3]);
      for (const t of group.trajectories) {
        expect(t.seed).toBe(seedOf({ id: group.scenarioId }, t.member));
        expect(t.rewards).toEqual(t.record.turns.map((turn) => turn.reward));
        expect(t.outputs).toEqual(t.record.turns.map((turn) => turn.raw));
        expect(t.tokens).toEqual(t.rewards.map(() => 1));
        expect(t.logprobs).toBeUndefined();
        expect(t.return).toBe(t.record.return);
        expect(t.status).not.toBe("error");
      }
    }
    // the slow members (low seeds) started first and finished last
    expect(order).not.toEqual([...order].sort((a, b) => a - b));
    const serial = await rolloutGroups({ scenarios: travel, agent: "scripted:random", n: 4, seedOf, concurrency: 1 });
    expect(shape(serial)).toBe(shape(result));
  });

  test("softmax weights: sampled trajectories carry per-turn log-probabilities, identical at any concurrency", async () => {
    const run = (concurrency: number) => rolloutGroups({ scenarios: travel, agent: { policy: initialWeights(), sample: true }, n: 3, concurrency });
    const [one, four] = [await run(1), await run(4)];
    expect(shape(four)).toBe(shape(one));
    const t = one.groups[0]!.trajectories[0]!;
    expect(t.logprobs).toHaveLength(t.rewards.length);
    expect(t.policyTurns).toHaveLength(t.rewards.length);
    for (const lp of t.logprobs!) expect(lp).toBeLessThanOrEqual(0);
    expect(t.record.agent).toBe("policy:softmax");
    // independent seeds give different trajectories
    expect(new Set(one.groups[0]!.trajectories.map((x) => x.outputs.join("|"))).size).toBeGreaterThan(1);
  });

  test("a policy:<file> spec runs greedily and still records log-probabilities", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ubench-groups-"));
    const file = join(dir, "policy.json");
    writeFileSync(file, JSON.stringify(policyFile(initialWeights())));
    const result = await rolloutGroups({ scenarios: [austin], agent: `policy:${file}`, n: 2 });
    const [a, b] = result.groups[0]!.trajectories;
    expect(a!.record.agent).toBe(`policy:${file}`);
    expect(a!.logprobs).toHaveLength(a!.rewards.length);
    expect(b!.logprobs).toHaveLength(b!.rewards.length);
    await expect(rolloutGroups({ scenarios: [austin], agent: `policy:${join(dir, "missing.json")}` })).rejects.toThrow(/cannot read policy file/);
  });

  test("an agent that fails is an error trajectory, counted, never thrown", async () => {
    const failing: Agent = {
      spec: "test:flaky",
      async begin(context) {
        const inner = await randomAgent.begin(context);
        let turns = 0;
        return {
          async act(observation, history) {
            if (context.seed === 1 && ++turns === 2) throw new Error("endpoint down");
            return inner.act(observation, history);
          },
        };
      },
    };
    const result = await rolloutGroups({ scenarios: [austin], agent: failing, n: 3, seedOf: (_, m) => m });
    expect(result.errors).toBe(1);
    const [ok, bad, ok2] = result.groups[0]!.trajectories;
    expect(bad).toMatchObject({ member: 1, status: "error", error: "Error: endpoint down" });
    expect(bad!.rewards).toHaveLength(1);
    expect(ok!.status).not.toBe("error");
    expect(ok2!.error).toBeUndefined();
  });

  test("an aborted signal stops scheduling; a bad group size or concurrency is a RangeError", async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await rolloutGroups({ scenarios: travel, agent: "scripted:oracle", n: 2, signal: controller.signal });
    expect(result.stopped).toBe(true);
    expect(result.groups.map((g) => g.trajectories.length)).toEqual([0, 0]);
    await expect(rolloutGroups({ scenarios: travel, agent: "scripted:oracle", n: 0 })).rejects.toThrow(RangeError);
    await expect(rolloutGroups({ scenarios: travel, agent: "scripted:oracle", concurrency: 0 })).rejects.toThrow(RangeError);
  });
});

describe("rolloutGroups with an LLM agent (local fake OpenAI-compatible server)", () => {
  let server: FakeServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const apartment = "apartment in Austin, check-in 2025-11-10, check-out 2025-11-15, 4 guests";
  const PLAN: FakeReply[] = [
    { kind: "tool", arguments: { choice: "search", content: apartment } },
    { kind: "tool", arguments: { choice: "action", content: "How do you handle laundry on trips?" } },
    { kind: "tool", arguments: { choice: "finish", content: "" } },
  ];
  const seedOf = (_: unknown, member: number) => 500 + member;

  test("groups of 2: token counts from the server's usage, a server 500 for one member becomes an error trajectory", async () => {
    server = await startFakeOpenAI((body) => {
      if (!isAgentRequest(body)) return { kind: "status", status: 400 };
      const turn = messagesOf(body).filter((m) => m.role === "assistant").length;
      // member 1 (seed 501) hits a server error on its second turn
      if (body["seed"] === 501 && turn === 1) return { kind: "status", status: 500 };
      return PLAN[turn] ?? PLAN.at(-1)!;
    });
    const result = await rolloutGroups({
      scenarios: [austin],
      agent: "openai:policy-model",
      agentOptions: { baseURL: server.url, apiKey: "sk-test", maxRetries: 0, timeoutMs: 2000, backoffBaseMs: 1 },
      cache: "off",
      n: 2,
      seedOf,
      concurrency: 2,
    });
    expect(result.errors).toBe(1);
    const [good, bad] = result.groups[0]!.trajectories;
    expect(good).toMatchObject({ member: 0, seed: 500, status: "terminated" });
    expect(good!.tokens).toEqual([5, 5, 5]);
    expect(good!.outputs.map((o) => JSON.parse(o) as unknown)).toEqual(PLAN.map((p) => (p.kind === "tool" ? p.arguments : undefined)));
    expect(good!.rewards).toHaveLength(3);
    expect(good!.logprobs).toBeUndefined();
    expect(good!.record.agent).toBe("openai:policy-model");
    expect(bad).toMatchObject({ member: 1, seed: 501, status: "error", error: expect.stringContaining("500") });
    expect(bad!.tokens).toEqual([5]);
    // no retry (maxRetries 0) and no cache: 3 requests for member 0, 2 for member 1
    expect(server.requests).toHaveLength(5);
    expect(result.llm.agent).toMatchObject({ requests: 5, cacheHits: 0, failures: 1, retries: 0, completionTokens: 20 });
    expect(result.llm.user).toBeUndefined();
  });
});
