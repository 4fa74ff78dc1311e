import { simulatorFor } from "../../simulator-spec.js";
import { BuiltinPersuadeSimulator } from "./builtin-simulator.js";
import { llmPersuadeSimulatorFromOptions } from "./llm-simulator.js";
import type { PersuadeSimulator } from "./simulator.js";

/** Persuade personas by spec: "builtin" (deterministic rules over the IR) or "openai:<model>". */
export function createPersuadeSimulator(spec: string, options: Record<string, unknown> = {}): PersuadeSimulator {
  return simulatorFor<PersuadeSimulator>(spec, options, { builtin: () => new BuiltinPersuadeSimulator(), llm: llmPersuadeSimulatorFromOptions });
}
