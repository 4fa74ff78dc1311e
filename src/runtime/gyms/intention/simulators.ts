import { SimulatorSpecError, splitSimulatorSpec } from "../../simulator-spec.js";
import { BuiltinIntentionSimulator } from "./builtin-simulator.js";
import { llmIntentionSimulatorFromOptions } from "./llm-simulator.js";
import type { IntentionSimulator } from "./simulator.js";

/** Intention users by spec: "builtin" (deterministic rules over the IR) or "openai:<model>". */
export const INTENTION_SIMULATOR_SPECS = ["builtin", "openai:<model>"];

export function createIntentionSimulator(spec: string, options: Record<string, unknown> = {}): IntentionSimulator {
  if (spec === "builtin") return new BuiltinIntentionSimulator();
  const { kind, model } = splitSimulatorSpec(spec);
  if (kind === "openai" && model !== "") return llmIntentionSimulatorFromOptions(model, options);
  throw new SimulatorSpecError(`unknown user simulator '${spec}' (expected one of: ${INTENTION_SIMULATOR_SPECS.join(", ")})`);
}
