import type { TravelScenario } from "../../compiler/gyms/travel/ir.js";
import type { Action, Agent, AgentContext, AgentEpisode, AgentTurn } from "../types.js";
import { renderAction } from "../actions.js";
import { oraclePlan, randomTravelAction } from "./travel-plans.js";

/** Scripted baselines: they bound what an agent can score on a scenario, from above and below. */

function turn(action: Action): AgentTurn {
  return { action, raw: renderAction(action) };
}

function requireTravel(context: AgentContext, spec: string): TravelScenario {
  if (context.scenario.gym !== "travel") throw new Error(`${spec} has no plan for gym '${context.scenario.gym}'`);
  return context.scenario;
}

/**
 * scripted:oracle reads the IR and plays the perfect episode. A search that the knob
 * search_fail_every makes fail is predicted from its own search count and simply repeated.
 */
export const oracleAgent: Agent = {
  spec: "scripted:oracle",
  async begin(context: AgentContext): Promise<AgentEpisode> {
    const scenario = requireTravel(context, "scripted:oracle");
    const queue = oraclePlan(scenario);
    const failEvery = scenario.knobs.search_fail_every;
    let searches = 0;
    return {
      async act() {
        const next = queue.shift();
        if (!next) return turn({ choice: "finish", content: "" });
        if (next.choice === "search") {
          searches++;
          if (failEvery > 0 && searches % failEvery === 0) queue.unshift(next);
        }
        return turn(next);
      },
    };
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
    const scenario = requireTravel(context, "scripted:random");
    return { act: async () => turn(randomTravelAction(scenario, context.rng)) };
  },
};
