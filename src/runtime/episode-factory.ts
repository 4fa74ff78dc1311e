import type { Scenario } from "../compiler/ir.js";
import { runtimeFor } from "./gyms/registry.js";
import type { Env } from "./types.js";

/**
 * How every consumer (eval, rl, serve, export, play) wires an episode: one user simulator per
 * gym, made once from the user spec and its options and shared by every env of that gym (an LLM
 * user's client, its cache and its concurrency limit are the gym's, not the episode's), a fresh
 * env per episode talking to it, and the system prompt the agent is given in that gym.
 */
export interface EpisodeFactoryOptions {
  /** The gyms of these scenarios get their simulator at once, so that a bad user spec or option fails before any episode. */
  scenarios: readonly Scenario[];
  /** The user simulator's spec: "builtin" (default) or an LLM spec such as "openai:<model>". */
  user?: string;
  /** The simulator's options (endpoint, cache mode, sampling, concurrency; see runtime/llm/config.ts). */
  userOptions?: Record<string, unknown>;
}

export interface EpisodeFactory {
  /** The user spec the simulators were made from. */
  readonly user: string;
  /** A fresh env for one episode of the scenario, talking to its gym's simulator. */
  env(scenario: Scenario): Env;
  /** The agent's system prompt in the scenario's gym. */
  systemPrompt(scenario: Scenario): string;
  /** The simulator of the scenario's gym (made on first use for a gym the options did not name). */
  simulator(scenario: Scenario): unknown;
  /** The simulators made so far, one per gym, in the order they were made. */
  simulators(): unknown[];
}

export function episodeFactory(options: EpisodeFactoryOptions): EpisodeFactory {
  const user = options.user ?? "builtin";
  const userOptions = options.userOptions ?? {};
  const byGym = new Map<string, unknown>();
  const simulator = (scenario: Scenario): unknown => {
    if (!byGym.has(scenario.gym)) byGym.set(scenario.gym, runtimeFor(scenario).createSimulator(user, userOptions));
    return byGym.get(scenario.gym);
  };
  for (const scenario of options.scenarios) simulator(scenario);
  return {
    user,
    env: (scenario) => runtimeFor(scenario).createEnv(scenario, { user, simulator: simulator(scenario) }),
    systemPrompt: (scenario) => runtimeFor(scenario).agentSystemPrompt(scenario),
    simulator,
    simulators: () => [...byGym.values()],
  };
}
