import { describe, expect, test } from "vitest";
import { createEnv } from "../../src/runtime/environment.js";
import { rescoreRecord } from "../../src/runtime/rescore.js";
import { runEpisode } from "../../src/runtime/rollout.js";
import type { Agent, AgentTurn, Observation } from "../../src/runtime/types.js";
import { austinScenario } from "./runtime-fixtures.js";

/**
 * An invalid turn: the agent is told the reason the episode records. A tool call whose arguments
 * are not JSON used to be recorded as such while the agent read the env's own parse error of the
 * raw text ("no bracketed action found"), which sent it looking for a format problem it did not have.
 */

const MALFORMED = "the tool call's arguments are not a JSON object";

/** Plays the outputs in order and keeps every observation it is shown. */
function agentShowing(outputs: AgentTurn[], seen: Observation[]): Agent {
  return {
    spec: "test:malformed",
    async begin() {
      let i = 0;
      return {
        async act(observation: Observation) {
          seen.push(observation);
          return outputs[i++] ?? { action: { choice: "finish", content: "" }, raw: "[finish]" };
        },
      };
    },
  };
}

describe("the reason of an invalid turn", () => {
  const scenario = austinScenario();

  test("the agent reads the recorded reason, and re-scoring reproduces that feedback", async () => {
    const seen: Observation[] = [];
    const agent = agentShowing([{ action: null, raw: '{"choice": "search", "content": "apartment in Aus', invalid: MALFORMED }], seen);
    const record = await runEpisode({ env: createEnv(scenario), agent, scenario, seed: 1, trial: 0, user: "builtin", systemPrompt: "" });
    expect(record.turns[0]).toMatchObject({ action: null, invalid: MALFORMED, reward: 0 });
    const told = seen[1]!.feedback;
    expect(told).toBe(record.turns[0]!.feedback);
    expect(told).toContain(MALFORMED);
    expect(told).not.toContain("no bracketed action found");
    const rescored = await rescoreRecord(scenario, record);
    expect(rescored.feedback).toEqual(record.turns.map((t) => t.feedback));
  });

  test("raw text that holds an action after all is still played, whatever the agent thought of it", async () => {
    const seen: Observation[] = [];
    const agent = agentShowing([{ action: null, raw: "[finish]", invalid: MALFORMED }], seen);
    const record = await runEpisode({ env: createEnv(scenario), agent, scenario, seed: 1, trial: 0, user: "builtin", systemPrompt: "" });
    expect(record.turns[0]).toMatchObject({ action: { choice: "finish" } });
    expect(record.turns[0]).not.toHaveProperty("invalid");
  });
});
