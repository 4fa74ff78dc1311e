/** A user-simulator spec that no gym understands ("--user oracle"): a usage error, not a crash. */
export class SimulatorSpecError extends Error {
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
