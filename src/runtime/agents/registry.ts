import type { Agent } from "../types.js";
import { openAIAgentFromOptions } from "./openai-agent.js";
import { policyAgentFromFile } from "./policy-agent.js";
import { nullAgent, oracleAgent, randomAgent } from "./scripted.js";
import { UsageError } from "../../user-error.js";

/** Agents by spec: `scripted:oracle|null|random`, or `openai:<model>` (an OpenAI-compatible endpoint). */

export class AgentSpecError extends UsageError {
  constructor(message: string) {
    super(message);
    this.name = "AgentSpecError";
  }
}

/** Options for agents that need them (endpoint, sampling, cache); scripted agents ignore them. */
export type AgentOptions = Record<string, unknown>;

const scripted: Record<string, Agent> = {
  oracle: oracleAgent,
  null: nullAgent,
  random: randomAgent,
};

export const AGENT_SPECS = ["scripted:oracle", "scripted:null", "scripted:random", "openai:<model>", "policy:<policy.json>"];

export function createAgent(spec: string, options: AgentOptions = {}): Agent {
  const at = spec.indexOf(":");
  const kind = at < 0 ? spec : spec.slice(0, at);
  const name = at < 0 ? "" : spec.slice(at + 1);
  if (kind === "scripted" && Object.hasOwn(scripted, name)) return scripted[name]!;
  if (kind === "openai" && name !== "") return openAIAgentFromOptions(name, options);
  if (kind === "policy" && name !== "") {
    try {
      return policyAgentFromFile(name);
    } catch (error) {
      throw new AgentSpecError(error instanceof Error ? error.message : String(error));
    }
  }
  throw new AgentSpecError(`unknown agent '${spec}' (expected one of: ${AGENT_SPECS.join(", ")})`);
}
