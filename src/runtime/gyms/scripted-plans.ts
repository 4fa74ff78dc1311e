import type { Scenario } from "../../compiler/ir.js";
import type { Action, AgentContext, Rng } from "../types.js";
import type { ScriptedPolicy } from "./gym-runtime.js";

/** The two ways a gym's ScriptedPlans are usually built from its own action writers. */

/** An oracle for a gym whose perfect episode is a fixed list of actions: it plays them in order, then finishes. */
export function playInOrder<S extends Scenario>(plan: (scenario: S) => Action[]): (context: AgentContext) => ScriptedPolicy {
  return (context) => {
    const queue = plan(context.scenario as S);
    return () => queue.shift() ?? { choice: "finish", content: "" };
  };
}

/** A random agent: the gym's random action writer, drawing from the agent's own stream. */
export function playAtRandom<S extends Scenario>(randomAction: (scenario: S, rng: Rng) => Action): (context: AgentContext) => ScriptedPolicy {
  return (context) => {
    const scenario = context.scenario as S;
    return () => randomAction(scenario, context.rng);
  };
}
