import { simulatorFor } from "../../simulator-spec.js";
import { BuiltinTravelSimulator } from "./builtin-simulator.js";
import { llmTravelSimulatorFromOptions } from "./llm-simulator.js";
import type { TravelSimulator } from "./simulator.js";

/**
 * Travel user simulators by spec: "builtin" (the embedded deterministic one) or "openai:<model>"
 * (an LLM behind an OpenAI-compatible endpoint).
 */
export function createTravelSimulator(spec: string, options: Record<string, unknown> = {}): TravelSimulator {
  return simulatorFor<TravelSimulator>(spec, options, { builtin: () => new BuiltinTravelSimulator(), llm: llmTravelSimulatorFromOptions });
}
