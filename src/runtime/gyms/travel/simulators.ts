import { SimulatorSpecError, splitSimulatorSpec } from "../../simulator-spec.js";
import { BuiltinTravelSimulator } from "./builtin-simulator.js";
import { llmTravelSimulatorFromOptions } from "./llm-simulator.js";
import type { TravelSimulator } from "./simulator.js";

/**
 * Travel user simulators by spec: "builtin" (the embedded deterministic one) or "openai:<model>"
 * (an LLM behind an OpenAI-compatible endpoint).
 */

export const TRAVEL_SIMULATOR_SPECS = ["builtin", "openai:<model>"];

export function createTravelSimulator(spec: string, options: Record<string, unknown> = {}): TravelSimulator {
  if (spec === "builtin") return new BuiltinTravelSimulator();
  const { kind, model } = splitSimulatorSpec(spec);
  if (kind === "openai" && model !== "") return llmTravelSimulatorFromOptions(model, options);
  throw new SimulatorSpecError(`unknown user simulator '${spec}' (expected one of: ${TRAVEL_SIMULATOR_SPECS.join(", ")})`);
}
