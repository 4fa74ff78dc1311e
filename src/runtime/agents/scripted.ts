import { renderAction } from "../actions.js";
import { runtimeFor } from "../gyms/registry.js";
import type { Action, Agent, AgentContext, AgentEpisode, AgentTurn } from "../types.js";

/**
 * Scripted baselines: they bound what an agent can score on a scenario, from above and below.
 * What to do in each gym is the gym's own business (GymRuntime.plans).
 */

function turn(action: Action): AgentTurn {
  return { action, raw: renderAction(action) };
}

/** scripted:oracle reads the IR and plays the perfect episode. */
export const oracleAgent: Agent = {
  spec: "scripted:oracle",
  async begin(context: AgentContext): Promise<AgentEpisode> {
    const next = runtimeFor(context.scenario).plans.oracle(context);
    return { act: async () => turn(next()) };
  },
};

/** scripted:null ends the episode at once: the floor every scenario must hold at 0. */
export const nullAgent: Agent = {
  spec: "scripted:null",
  async begin(): Promise<AgentEpisode> {
    return { act: async () => turn({ choice: "finish", content: "" }) };
  },
};

/** scripted:random: seeded random well-formed actions (the agent's own stream of the episode seed). */
export const randomAgent: Agent = {
  spec: "scripted:random",
  async begin(context: AgentContext): Promise<AgentEpisode> {
    const next = runtimeFor(context.scenario).plans.random(context);
    return { act: async () => turn(next()) };
  },
};
