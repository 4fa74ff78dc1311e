import type { Scenario } from "../compiler/ir.js";
import { runtimeFor, type EnvOptions } from "./gyms/registry.js";
import type { Env } from "./types.js";

/** Builds the env for a compiled scenario (any gym), with the user simulator named in options. */
export function createEnv(scenario: Scenario, options: EnvOptions = {}): Env {
  return runtimeFor(scenario).createEnv(scenario, options);
}
