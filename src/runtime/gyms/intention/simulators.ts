import { simulatorFor } from "../../simulator-spec.js";
import { BuiltinIntentionSimulator } from "./builtin-simulator.js";
import { llmIntentionSimulatorFromOptions } from "./llm-simulator.js";
import type { IntentionSimulator } from "./simulator.js";

/** Intention users by spec: "builtin" (deterministic rules over the IR) or "openai:<model>". */
export function createIntentionSimulator(spec: string, options: Record<string, unknown> = {}): IntentionSimulator {
  return simulatorFor<IntentionSimulator>(spec, options, { builtin: () => new BuiltinIntentionSimulator(), llm: llmIntentionSimulatorFromOptions });
}
