import type { GymDefinition } from "../gym.js";
import { intentionGym } from "./intention/index.js";
import { persuadeGym } from "./persuade/index.js";
import { gymNames } from "./registry-names.js";
import { travelGym } from "./travel/index.js";

/** Every gym the compiler knows. A new gym adds one line here and one in registry-names.ts. */
export const gyms: Record<(typeof gymNames)[number], GymDefinition> = {
  travel: travelGym,
  persuade: persuadeGym,
  intention: intentionGym,
};

export function gymDefinition(name: string | undefined): GymDefinition | undefined {
  return name !== undefined && Object.hasOwn(gyms, name) ? gyms[name as keyof typeof gyms] : undefined;
}
