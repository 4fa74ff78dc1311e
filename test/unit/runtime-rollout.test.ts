import { describe, expect, test } from "vitest";
import { createAgent } from "../../src/runtime/agents/registry.js";
import { createEnv } from "../../src/runtime/environment.js";
import { ReplayMismatchError } from "../../src/runtime/replay-error.js";
import { rescoreEpisode, rescoreRecord } from "../../src/runtime/rescore.js";
import { runEpisode } from "../../src/runtime/rollout.js";
import type { Agent, AgentTurn } from "../../src/runtime/types.js";
import { austinScenario, SEARCH_APARTMENT } from "./runtime-fixtures.js";

/** An agent that plays a fixed list of outputs, then throws or finishes. */
function scripted(outputs: (AgentTurn | Error)[]): Agent {
  return {
    spec: "test:script",
    async begin() {
      let i = 0;
      return {
        async act() {
          const next = outputs[i++] ?? { action: { choice: "finish", content: "" }, raw: "[finish]" };
          if (next instanceof Error) throw next;
          return next;
        },
      };
    },
  };
}

const scenario = austinScenario();
const rollout = (agent: Agent, seed = 3) => runEpisode({ env: createEnv(scenario), agent, scenario, seed, trial: 2, user: "builtin", systemPrompt: "" });

describe("rollout", () => {
  test("the record carries the scenario, seed, every turn and the totals", async () => {
    const record = await rollout(createAgent("scripted:oracle"));
    expect(record).toMatchObject({ scenarioId: "austin_family", gym: "travel", hash: scenario.hash, shape: "2-2", trial: 2, seed: 3, agent: "scripted:oracle", user: "builtin", maxReturn: 3.2 });
    expect(scenario.opening).toContain(record.opening);
    expect(record.turns).toHaveLength(8);
    expect(record.turns[0]).toMatchObject({ turn: 1, raw: record.turns[0]!.action && `[search] ${record.turns[0]!.action.content}`, reward: 0.2, terminated: false });
    expect(record.turns.at(-1)!.counters).toMatchObject({ bestAspects: 2 });
    expect(record).toMatchObject({ return: 3.2, score: 1, success: true, terminated: true, truncated: false, turnCount: 8, invalidTurns: 0, simulatorFallbacks: 0, agentErrors: 0 });
    expect(JSON.stringify(record)).not.toMatch(/"(time|date|elapsed)/i);
  });

  test("an agent that throws ends its episode as an error, with the turns so far; the run goes on", async () => {
    const record = await rollout(scripted([{ action: null, raw: SEARCH_APARTMENT, invalid: "tool call missing" }, new Error("rate limited")]));
    expect(record.status).toBe("error");
    expect(record.error).toBe("Error: rate limited");
    expect(record).toMatchObject({ agentErrors: 1, success: false, turnCount: 1 });
    // The unparsed raw text still held a bracketed action, so the env took it.
    expect(record.turns[0]).toMatchObject({ reward: 0.2, action: { choice: "search" } });
    const failsAtOnce = await rollout({ spec: "test:broken", begin: () => Promise.reject(new Error("no key")) });
    expect(failsAtOnce).toMatchObject({ status: "error", turnCount: 0, return: 0, error: "Error: no key" });
  });

  test("an output that is not an action is an invalid turn recorded with the agent's reason", async () => {
    const record = await rollout(scripted([{ action: null, raw: "<tool_call>oops", invalid: "malformed tool call" }]));
    expect(record.turns[0]).toMatchObject({ action: null, raw: "<tool_call>oops", invalid: "malformed tool call", reward: 0 });
    expect(record.invalidTurns).toBe(1);
  });

  test("rescoring from the recorded judgements reproduces every reward and feedback", async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const record = await rollout(createAgent("scripted:random"), seed);
      const rescored = await rescoreRecord(scenario, record);
      expect(rescored.rewards).toEqual(record.turns.map((t) => t.reward));
      expect(rescored.feedback).toEqual(record.turns.map((t) => t.feedback));
      expect(rescored.return).toBe(record.return);
      expect(rescored.outcome!.score).toBe(record.score);
    }
  });

  test("judgements that do not fit the actions are a replay error, not a silent fallback", async () => {
    await expect(rescoreEpisode(scenario, 1, ["[search] apartment"], [[]])).rejects.toBeInstanceOf(ReplayMismatchError);
    await expect(rescoreEpisode(scenario, 1, ["[finish]"], [[{ kind: "chat", source: "builtin", value: { text: "hi" } }]])).rejects.toThrow(/were not used/);
    await expect(rescoreEpisode(scenario, 1, ["[finish]"], [])).rejects.toThrow(/one judgement list per action/);
  });
});
