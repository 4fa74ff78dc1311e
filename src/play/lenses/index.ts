import type { Scenario } from "../../compiler/ir.js";
import type { GymLens } from "../lens.js";
import { intentionLens } from "./intention.js";
import { persuadeLens } from "./persuade.js";
import { travelLens } from "./travel.js";

/** Play's view of every gym; a new gym adds one line here beside its runtime entry. */
const lenses: Record<string, GymLens> = { travel: travelLens, persuade: persuadeLens, intention: intentionLens };

export function lensFor(scenario: Scenario): GymLens {
  const lens = Object.hasOwn(lenses, scenario.gym) ? lenses[scenario.gym] : undefined;
  if (!lens) throw new Error(`ubc play does not know the gym '${scenario.gym}' yet (known: ${Object.keys(lenses).join(", ")})`);
  return lens;
}
