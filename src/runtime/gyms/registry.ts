import type { Scenario } from "../../compiler/ir.js";
import type { GymRuntime } from "./gym-runtime.js";
import { intentionRuntime } from "./intention/index.js";
import { persuadeRuntime } from "./persuade/index.js";
import { travelRuntime } from "./travel/index.js";

export type { EnvOptions, GymRuntime } from "./gym-runtime.js";

/** Every gym the runtime can run. A new gym adds one line here and a folder beside travel/. */
const gyms: Record<string, GymRuntime> = {
  travel: travelRuntime,
  persuade: persuadeRuntime,
  intention: intentionRuntime,
};

export function gymRuntime(name: string): GymRuntime {
  const gym = Object.hasOwn(gyms, name) ? gyms[name] : undefined;
  if (!gym) throw new Error(`the runtime has no gym '${name}' (known: ${Object.keys(gyms).join(", ")})`);
  return gym;
}

export function runtimeFor(scenario: Scenario): GymRuntime {
  return gymRuntime(scenario.gym);
}

export function gymNames(): string[] {
  return Object.keys(gyms);
}
