import { readFileSync } from "node:fs";
import { renderAction } from "../actions.js";
import { actSpaceFor, greedyIndex, logSoftmax, PolicyFileError, sampleIndex, weightsFromFile } from "../policy/softmax.js";
import type { Agent, AgentContext, AgentEpisode, AgentTurn, Observation } from "../types.js";

/**
 * `policy:<policy.json>`: the linear-softmax policy (src/runtime/policy) as an agent. It renders
 * its structured acts to text, so they go through the same env and simulator as any agent's.
 * Evaluation is greedy (the most probable act, as at temperature 0); training samples.
 */

/** One turn of a policy episode, as training needs it. */
export interface PolicyTurnRecord {
  /** The feature vector of every candidate act. */
  features: Float64Array[];
  /** The index of the chosen act. */
  chosen: number;
  /** log π(chosen) under the weights that acted (the PPO ratio's denominator). */
  logProb: number;
}

export interface PolicyAgentOptions {
  /** Sample from π with the episode's agent stream (training); otherwise take the most probable act. */
  sample?: boolean;
  /** Receives each turn of each episode (episode seed, turn record). */
  record?: (seed: number, turn: PolicyTurnRecord) => void;
  spec?: string;
}

export function createPolicyAgent(weights: Float64Array, options: PolicyAgentOptions = {}): Agent {
  return {
    spec: options.spec ?? "policy:softmax",
    async begin(context: AgentContext): Promise<AgentEpisode> {
      const space = actSpaceFor(context.scenario);
      return {
        async act(observation: Observation): Promise<AgentTurn> {
          space.observe(observation);
          const candidates = space.candidatesWithFeatures();
          const features = candidates.map((c) => c.features);
          const logProbs = logSoftmax(weights, features);
          const chosen = options.sample ? sampleIndex(logProbs, context.rng) : greedyIndex(logProbs);
          const act = candidates[chosen]!;
          act.commit();
          options.record?.(context.seed, { features, chosen, logProb: logProbs[chosen]! });
          return { action: act.action, raw: renderAction(act.action), outputTokens: 1 };
        },
      };
    },
  };
}

/** The agent of `--agent policy:<path>`: reads and checks the policy file at once. */
export function policyAgentFromFile(path: string): Agent {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new PolicyFileError(`cannot read policy file '${path}': ${error instanceof Error ? error.message : String(error)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new PolicyFileError(`${path}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return createPolicyAgent(weightsFromFile(parsed, path), { spec: `policy:${path}` });
}
