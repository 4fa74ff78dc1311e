import { SimulatorSpecError, splitSimulatorSpec } from "../../simulator-spec.js";
import { BuiltinPersuadeSimulator } from "./builtin-simulator.js";
import { llmPersuadeSimulatorFromOptions } from "./llm-simulator.js";
import type { PersuadeSimulator } from "./simulator.js";

/** Persuade personas by spec: "builtin" (deterministic rules over the IR) or "openai:<model>". */
export const PERSUADE_SIMULATOR_SPECS = ["builtin", "openai:<model>"];

export function createPersuadeSimulator(spec: string, options: Record<string, unknown> = {}): PersuadeSimulator {
  if (spec === "builtin") return new BuiltinPersuadeSimulator();
  const { kind, model } = splitSimulatorSpec(spec);
  if (kind === "openai" && model !== "") return llmPersuadeSimulatorFromOptions(model, options);
  throw new SimulatorSpecError(`unknown user simulator '${spec}' (expected one of: ${PERSUADE_SIMULATOR_SPECS.join(", ")})`);
}
