import type { Agent } from "../types.js";
import { openAIAgentFromOptions } from "./openai-agent.js";
import { policyAgentFromFile } from "./policy-agent.js";
import { nullAgent, oracleAgent, randomAgent } from "./scripted.js";
import { UsageError } from "../../user-error.js";
import { AGENT_SPECS } from "../specs.js";

/** Agents by spec (the list: AGENT_SPECS in runtime/specs.ts). */

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

export { AGENT_SPECS };

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
