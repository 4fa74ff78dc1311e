import { UsageError } from "../user-error.js";
import { SIMULATOR_SPECS } from "./specs.js";
/** A user-simulator spec that no gym understands ("--user oracle"): a usage error, not a crash. */
export class SimulatorSpecError extends UsageError {
  constructor(message: string) {
    super(message);
    this.name = "SimulatorSpecError";
  }
}

/** Splits "openai:gpt-4o" into kind and model; the model may itself hold colons. */
export function splitSimulatorSpec(spec: string): { kind: string; model: string } {
  const at = spec.indexOf(":");
  return at < 0 ? { kind: spec, model: "" } : { kind: spec.slice(0, at), model: spec.slice(at + 1) };
}

export { SIMULATOR_SPECS };

/** How a gym makes each of its simulators; `llm` gets the model and the run's user options. */
export interface SimulatorMakers<Simulator> {
  builtin(): Simulator;
  llm(model: string, options: Record<string, unknown>): Simulator;
}

/** The gym's user simulator a spec names: "builtin" or "openai:<model>"; anything else is a SimulatorSpecError. */
export function simulatorFor<Simulator>(spec: string, options: Record<string, unknown>, makers: SimulatorMakers<Simulator>): Simulator {
  if (spec === "builtin") return makers.builtin();
  const { kind, model } = splitSimulatorSpec(spec);
  if (kind === "openai" && model !== "") return makers.llm(model, options);
  throw new SimulatorSpecError(`unknown user simulator '${spec}' (expected one of: ${SIMULATOR_SPECS.join(", ")})`);
}
